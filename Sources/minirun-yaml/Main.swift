import Glibc
import JSONCodec
import Yams

/// minirun-yaml: YAML in and out for `minirun compose`, a program of its own beside minirun. Yams
/// imports Foundation, and linked into minirun it made every `run` about 6% slower (a static file
/// of 94 MB instead of 41, its protocol conformances searched and its pages faulted in at start;
/// bench/RESULTS.md, "Figure (a) before and after"), so compose calls this program for the two
/// things it needs YAML for:
///
///   minirun-yaml tree NAME   a compose file's YAML on stdin (NAME is its path, for positions and
///                            errors) as a JSON tree on stdout: {"s": TEXT} for a scalar (with
///                            "null": true for ~, null and an empty value), {"list": [NODE...]},
///                            {"map": [{"k": KEY, "at": [LINE, COLUMN], "v": NODE}...]}, each node
///                            with its own "at". Aliases are resolved and merge keys (<<) applied.
///   minirun-yaml emit        JSON on stdin as YAML on stdout, mapping keys sorted.
///
/// A problem is one line on stderr ("FILE:LINE:COLUMN: invalid YAML: ...") and exit status 1.
@main
enum MiniRunYAML {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            let input = try readStandardInput()
            switch arguments.first {
            case "tree" where arguments.count == 2:
                try write(GoJSON.bytes(YAMLTree.parse(String(decoding: input, as: UTF8.self), file: arguments[1])), to: 1)
            case "emit" where arguments.count == 1:
                try write(Array(YAMLEmitter.yaml(of: JSONValue(parsing: input)).utf8), to: 1)
            default:
                fail("usage: minirun-yaml tree NAME | minirun-yaml emit (input on stdin)")
            }
        } catch let problem as YAMLProblem {
            fail(problem.message)
        } catch {
            fail("\(error)")
        }
    }

    static func readStandardInput() throws -> [UInt8] {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(0, &buffer, buffer.count)
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw YAMLProblem(message: "read stdin: \(String(cString: strerror(errno)))") }
            if n == 0 { return bytes }
            bytes += buffer[0..<n]
        }
    }

    /// Writes all of `bytes` to `fd`; exits with status 1 if it cannot.
    static func write(_ bytes: [UInt8], to fd: Int32) {
        var done = 0
        while done < bytes.count {
            let n = bytes[done...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { exit(1) }
            done += n
        }
    }

    static func fail(_ message: String) -> Never {
        write(Array((message + "\n").utf8), to: 2)
        exit(1)
    }
}

/// A problem with the input, said in one line.
struct YAMLProblem: Error {
    var message: String
}
