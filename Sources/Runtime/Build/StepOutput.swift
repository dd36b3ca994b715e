import Glibc

/// A step's output - a RUN container's stdout and stderr, a pull's lines - goes where the build's
/// progress wants it: to its descriptor as it is (plain, -q's /dev/null), or through a pipe that a
/// thread reads and hands to the progress (the terminal display folds it). Standard output is the
/// image ID's (-q), never the step's. Fds 1 and 2 of this process are the step's while `body` runs:
/// a RUN container and minirun-pull inherit them.
enum StepOutput {
    static func around<T>(_ progress: any BuildProgress, _ body: () throws -> T) throws -> T {
        let savedOut = dup(STDOUT_FILENO)
        let savedErr = dup(STDERR_FILENO)
        var reader: PipeReader?
        if let fd = progress.outputFD {
            dup2(fd, STDOUT_FILENO)
            dup2(fd, STDERR_FILENO)
        } else {
            var ends: [Int32] = [-1, -1]
            guard pipe(&ends) == 0 else { throw RuntimeError.system("pipe for a step's output") }
            // Only fds 1 and 2 (dup2 clears the flag) reach the step's processes, not these.
            _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
            _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
            do {
                reader = try PipeReader(fd: ends[0], sink: progress)
            } catch {
                close(ends[0])
                close(ends[1])
                throw error
            }
            dup2(ends[1], STDOUT_FILENO)
            dup2(ends[1], STDERR_FILENO)
            close(ends[1])
        }
        defer {
            // The last copies of the pipe's write end go: the reader sees its end once the step's
            // processes (a container's die with its pid 1) have closed theirs.
            dup2(savedOut, STDOUT_FILENO)
            dup2(savedErr, STDERR_FILENO)
            close(savedOut)
            close(savedErr)
            reader?.wait()
        }
        return try body()
    }
}

/// A thread that reads a pipe to its end, handing each chunk to the progress.
private final class PipeReader {
    let fd: Int32
    let sink: any BuildProgress
    private var thread = pthread_t()
    private var running = true

    init(fd: Int32, sink: any BuildProgress) throws {
        self.fd = fd
        self.sink = sink
        let context = Unmanaged.passRetained(self).toOpaque()
        let status = pthread_create(&thread, nil, { context in
            let reader = Unmanaged<PipeReader>.fromOpaque(context!).takeRetainedValue()
            reader.readToEnd()
            return nil
        }, context)
        guard status == 0 else {
            Unmanaged<PipeReader>.fromOpaque(context).release()
            throw RuntimeError.system("start a thread to read a step's output", status)
        }
    }

    private func readToEnd() {
        var buffer = [UInt8](repeating: 0, count: 16384)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            sink.output(buffer[0..<n])
        }
        close(fd)
    }

    func wait() {
        if running { pthread_join(thread, nil) }
        running = false
    }
}
