import CRuntimeShims

#if canImport(Glibc)
import Glibc
#endif

/// A helper program run to completion with its input on stdin: how Netns drives `nft`, whose
/// transactions have no stable library interface. The program is named by absolute path, so what
/// runs never depends on the caller's PATH.
struct ExternalCommand {
    var path: String
    var arguments: [String]

    /// How the program ended and what it wrote.
    struct Outcome: Equatable {
        /// The exit status, or 128 + N when signal N ended it (as shells report it).
        var exitCode: Int32
        var standardOutput: String
        var standardError: String
    }

    /// Runs the program with `input` on its stdin and waits for it; fails only when it cannot be started.
    func run(input: String) throws(SystemCallError) -> Outcome {
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var outFD: Int32 = -1
        var errFD: Int32 = -1
        let bytes = Array(input.utf8)
        let status = bytes.withUnsafeBytes { buffer in
            mr_run_collecting(path, argv, buffer.baseAddress, buffer.count, &outFD, &errFD)
        }
        guard status >= 0 else { throw SystemCallError(operation: "run \(path)", errno: -status) }
        defer {
            close(outFD)
            close(errFD)
        }
        // The wait status: exit code in bits 8-15 when the low 7 bits are 0, otherwise the signal number.
        let signal = status & 0x7F
        return Outcome(exitCode: signal == 0 ? (status >> 8) & 0xFF : 128 + signal,
                       standardOutput: try Self.readAll(outFD, what: "stdout of \(path)"),
                       standardError: try Self.readAll(errFD, what: "stderr of \(path)"))
    }

    private static func readAll(_ fd: Int32, what: String) throws(SystemCallError) -> String {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw SystemCallError(operation: "read \(what)", errno: errno)
            }
            bytes += chunk[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
