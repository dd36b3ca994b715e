import Glibc
import Runtime

/// runc's logging: records to --log (stderr without it) as text (`time="..." level=error msg="..."`)
/// or, with --log-format json, one JSON object a line: {"level":"error","msg":"...","time":"..."},
/// which containerd's shim and Podman read back to show the user.
enum Log {
    static func fail(_ message: String) -> Never {
        write(level: "error", message)
        if Global.current.logPath != nil { printDiagnostic(message) }
        exit(1)
    }

    static func debug(_ message: String) {
        if Global.current.debug { write(level: "debug", message) }
    }

    static func warning(_ message: String) {
        write(level: "warning", message)
    }

    static func write(level: String, _ message: String) {
        let time = Timestamp.now().description
        let line: String
        if Global.current.logJSON {
            line = "{\"level\":\"\(level)\",\"msg\":\(quoted(message)),\"time\":\"\(time)\"}\n"
        } else {
            line = "time=\"\(time)\" level=\(level) msg=\(quoted(message))\n"
        }
        let fd = Global.current.logPath.map { open($0, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644) } ?? 2
        guard fd >= 0 else { return }
        _ = line.utf8CString.withUnsafeBufferPointer { Glibc.write(fd, $0.baseAddress, $0.count - 1) }
        if fd != 2 { close(fd) }
    }

    /// A JSON string: quotes, backslashes and control characters escaped.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
