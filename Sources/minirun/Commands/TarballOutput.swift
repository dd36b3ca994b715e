import Glibc
import Runtime

/// Where `save` and `export` write their tarball, as Docker's CLI does: standard output unless -o,
/// refused on a terminal; -o's file under a temporary name beside it, renamed once complete, so
/// that a failure leaves no half-written tarball.
enum TarballOutput {
    /// Calls `write` with the descriptor and a name for messages.
    static func write(to output: String?, _ write: (Int32, String) throws -> Void) throws {
        guard let output else {
            if isatty(STDOUT_FILENO) != 0 {
                throw RuntimeError(.invalidArgument, "cowardly refusing to save to a terminal. Use the -o flag or redirect")
            }
            return try write(STDOUT_FILENO, "standard output")
        }
        let temporary = output + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fd < 0 { throw RuntimeError.system("open \(output)") }
        var closed = false
        do {
            try write(fd, output)
            if fsync(fd) != 0 { throw RuntimeError.system("write \(output)") }
            closed = true
            if close(fd) != 0 { throw RuntimeError.system("write \(output)") }
            if rename(temporary, output) != 0 { throw RuntimeError.system("rename \(temporary)") }
        } catch {
            if !closed { close(fd) }
            unlink(temporary)
            throw error
        }
    }
}
