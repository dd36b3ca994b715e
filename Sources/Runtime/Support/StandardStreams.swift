import Glibc

/// Output a command streams to minirun's stdout or stderr (`logs`, `attach`).
public enum StandardStreams {
    /// Writes all of `bytes` to fd 1 or 2. When the reader has gone (`minirun logs web | head`),
    /// minirun ends as Docker's CLI does, by SIGPIPE and without a word: nothing went wrong.
    public static func write(_ bytes: [UInt8], to fd: Int32) throws {
        let failure = FileSystem.writeAll(fd: fd, bytes)
        if failure == EPIPE {
            signal(SIGPIPE, SIG_DFL)
            raise(SIGPIPE)
        }
        if failure != 0 { throw RuntimeError.system(fd == 1 ? "write stdout" : "write stderr", failure) }
    }
}
