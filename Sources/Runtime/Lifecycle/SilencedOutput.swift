import Glibc

/// minirun's stdout or stderr pointed at /dev/null while a container runs attached without that
/// stream (`run -a`): the container writing to it directly, or the log's relay copying its pipe to
/// it, both show nothing then, and the log still records it. `restore` puts the streams back (once:
/// again does nothing).
final class SilencedOutput {
    /// Each silenced descriptor with a copy of what it was.
    private var saved: [(fd: Int32, copy: Int32)] = []

    /// Silences what `streams` does not attach of stdout and stderr.
    init(keeping streams: AttachedStreams) throws {
        let silenced = (streams.stdout ? [] : [STDOUT_FILENO]) + (streams.stderr ? [] : [STDERR_FILENO])
        guard !silenced.isEmpty else { return }
        let null = open("/dev/null", O_WRONLY | O_CLOEXEC)
        guard null >= 0 else { throw RuntimeError.system("open /dev/null") }
        defer { close(null) }
        for fd in silenced {
            let copy = fcntl(fd, F_DUPFD_CLOEXEC, 3)
            guard copy >= 0, dup2(null, fd) >= 0 else {
                if copy >= 0 { close(copy) }
                restore()
                throw RuntimeError.system("silence descriptor \(fd)")
            }
            saved.append((fd, copy))
        }
    }

    func restore() {
        for (fd, copy) in saved {
            dup2(copy, fd)
            close(copy)
        }
        saved = []
    }
}
