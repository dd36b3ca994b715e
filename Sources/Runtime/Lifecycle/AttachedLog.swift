import CRuntimeShims
import Glibc

/// The log of an attached container (`run` without -d, `start -a`). Docker keeps the output of every
/// container, not only of a detached one: the container writes into pipes (or its pty) that
/// `mr_supervise` copies to minirun's stdout and stderr and records in container.log, as the monitor
/// does for a detached container. Not made for the log driver none, nor for a `--rm` container,
/// whose log would go with it the moment it ends (a relay and a file that figure (a) of bench/run.sh
/// would pay for): those write straight to minirun's stdout and stderr.
final class AttachedLog {
    private var log: mr_log
    private let path: UnsafeMutablePointer<CChar>
    /// The read and write ends of the container's stdout and stderr pipes; -1 with a pty.
    private var stdoutPipe: [Int32] = [-1, -1], stderrPipe: [Int32] = [-1, -1]

    private init(path: String) {
        self.path = strdup(path)
        log = mr_log(fd: -1, path: nil, size: 0, max_size: 0, max_files: 1)
    }

    /// The log the record's driver keeps, opened; nil for the driver none and a `--rm` container.
    static func open(_ record: ContainerRecord, directory: String) throws -> AttachedLog? {
        guard let rotation = try rotation(of: record) else { return nil }
        let output = AttachedLog(path: directory + "/container.log")
        guard mr_log_open(&output.log, output.path, rotation.maxSize, Int32(rotation.maxFiles)) == 0 else {
            throw RuntimeError.system("open \(directory)/container.log")
        }
        if !record.config.tty {
            guard mr_pipe_cloexec(&output.stdoutPipe) == 0, mr_pipe_cloexec(&output.stderrPipe) == 0 else {
                throw RuntimeError.system("pipe")
            }
        }
        return output
    }

    /// How an attached run of the record keeps its log; nil when it keeps none.
    static func rotation(of record: ContainerRecord) throws -> (maxSize: Int64, maxFiles: Int)? {
        record.config.autoRemove ? nil : try record.config.logConfig.rotation
    }

    /// The container's stdout and stderr: the pipes' write ends, or (with a pty) what they were.
    func containerOutput(_ stdio: [Int32]) -> [Int32] {
        stdoutPipe[1] < 0 ? stdio : [stdio[0], stdoutPipe[1], stderrPipe[1]]
    }

    /// Once the container has its copies: the pipes must end when the container's writers are gone.
    func closeContainerEnds() {
        for fd in [stdoutPipe[1], stderrPipe[1]] where fd >= 0 { Glibc.close(fd) }
        stdoutPipe[1] = -1
        stderrPipe[1] = -1
    }

    /// Relays and records the output until the container has exited (see mr_supervise), which
    /// closes the read ends and `master`.
    func supervise(pid: pid_t, master: Int32, input: Int32) -> Int32 {
        let status = mr_supervise(pid, master, input, stdoutPipe[0], stderrPipe[0], &log)
        stdoutPipe[0] = -1
        stderrPipe[0] = -1
        return status
    }

    deinit {
        for fd in stdoutPipe + stderrPipe + [log.fd] where fd >= 0 { Glibc.close(fd) }
        free(path)
    }
}
