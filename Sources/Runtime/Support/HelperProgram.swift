import CRuntimeShims
import Glibc

/// Runs a helper program of minirun's (minirun-pull) to completion, our stdin as its stdin and
/// `output` as its stdout, and waits for it. Its exit status (128 + the signal for a program killed
/// by one, as a shell says) and the first line it wrote on stderr, without the "minirun: " that
/// printDiagnostic puts before it.
public func runHelperProgram(_ path: String, _ arguments: [String], output: Int32) throws -> (status: Int32, error: String) {
    try ImageArchive.withArgv(path, arguments) { argv in
        var errFD: Int32 = -1
        let status = mr_run_keeping_errors(path, argv, output, &errFD)
        guard status >= 0 else { throw RuntimeError.system("run \(path)", -status) }
        defer { close(errFD) }
        return (exitStatus(status), try firstErrorLine(errFD, of: path))
    }
}

/// Runs a helper program of minirun's (minirun-yaml) to completion with `input` as its stdin: its
/// exit status and first error line as above, and all it wrote on stdout.
public func runHelperProgram(_ path: String, _ arguments: [String], input: [UInt8]) throws -> (status: Int32, output: [UInt8], error: String) {
    try ImageArchive.withArgv(path, arguments) { argv in
        var outFD: Int32 = -1
        var errFD: Int32 = -1
        let status = input.withUnsafeBytes { mr_run_collecting(path, argv, $0.baseAddress, $0.count, &outFD, &errFD) }
        guard status >= 0 else { throw RuntimeError.system("run \(path)", -status) }
        defer {
            close(outFD)
            close(errFD)
        }
        let output = try FileSystem.readAll(fd: outFD, path: "the output of \(path)")
        return (exitStatus(status), output, try firstErrorLine(errFD, of: path))
    }
}

/// A wait status as a shell says it: the exit code, or 128 + the signal that killed the program.
private func exitStatus(_ status: Int32) -> Int32 {
    let signal = status & 0x7F
    return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
}

private func firstErrorLine(_ errFD: Int32, of path: String) throws -> String {
    let said = String(decoding: try FileSystem.readAll(fd: errFD, path: "the errors of \(path)"), as: UTF8.self)
    let line = said.split(separator: "\n").first.map(String.init) ?? ""
    return line.hasPrefix("minirun: ") ? String(line.dropFirst(9)) : line
}
