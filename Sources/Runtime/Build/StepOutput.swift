import CRuntimeShims
import Glibc

/// A step's output - a RUN container's stdout and stderr, a pull's lines - goes where the build's
/// progress wants it: to its descriptor as it is (-q's /dev/null), or through a pipe that a thread
/// reads and hands to the progress (a stage's lane, the terminal display). Standard output is the
/// image ID's (-q), never the step's. Nothing of the process changes: `body` gets the descriptor to
/// hand to the step's processes, so that steps of several stages run at once.
enum StepOutput {
    static func channel<T>(_ progress: any BuildProgress, _ body: (Int32) throws -> T) throws -> T {
        if let fd = progress.outputFD { return try body(fd) }
        var ends: [Int32] = [-1, -1]
        // Close-on-exec: only the step's processes get the write end (as their fds 1 and 2), not
        // the containers other stages start meanwhile, which would hold the pipe open.
        guard mr_pipe_cloexec(&ends) == 0 else { throw RuntimeError.system("pipe for a step's output") }
        let reader: JoinableThread
        do {
            let (fd, sink) = (ends[0], progress)
            reader = try JoinableThread { readToEnd(fd, into: sink) }
        } catch {
            close(ends[0])
            close(ends[1])
            throw error
        }
        defer {
            // Our copy of the write end goes: the reader sees the end once the step's processes (a
            // container's die with its pid 1) have closed theirs.
            close(ends[1])
            reader.join()
        }
        return try body(ends[1])
    }

    /// Reads the pipe to its end, handing each chunk to the progress.
    private static func readToEnd(_ fd: Int32, into sink: any BuildProgress) {
        var buffer = [UInt8](repeating: 0, count: 16384)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            sink.output(buffer[0..<n])
        }
        close(fd)
    }
}
