import Glibc

/// `docker logs` over a container.log: picks lines by `LogOptions`, joins partial records into
/// their lines, and writes stdout's lines to one sink and stderr's to the other. The files the
/// monitor rotated out (container.log.N ... container.log.1, --log-opt max-file) come first; a
/// follower that finds the file renamed reads the rest of it and goes on in the new one, and one
/// that finds it emptied (max-file 1) starts it again from its beginning.
///
/// Like docker, `tail` is taken first and `since`/`until` filter what it kept. A line that never
/// got its newline counts as a line once the reader stops (it was the stream's last output); while
/// following, it is shown when its end arrives.
public struct LogReader: Sendable {
    public let path: String
    public let options: LogOptions
    /// How long following waits before looking at the file again, in seconds.
    public var pollInterval = 0.05

    /// What `--details` puts before each line's text.
    private let detailsPrefix: [UInt8]

    public init(path: String, options: LogOptions = LogOptions()) {
        self.path = path
        self.options = options
        detailsPrefix = options.details.map { Array(LogOptions.detailsText($0).utf8) + [UInt8(ascii: " ")] } ?? []
    }

    /// Without `follow`, shows what the file holds and returns; a file that does not exist holds
    /// nothing. With `follow`, waits for the file to appear, shows it, then shows lines as they
    /// are written until `isFinished()` is true and everything written before that is shown, or
    /// until a line comes after `until`.
    public func copy(stdout: ([UInt8]) throws -> Void, stderr: ([UInt8]) throws -> Void, isFinished: () -> Bool = { true }) throws {
        guard let opened = try openWaiting(isFinished) else { return }
        var fd = opened
        defer { close(fd) }
        var splitter = LogLineSplitter()
        var assembler = LogLineAssembler()
        var tail = options.tail.flatMap { $0 >= 0 ? LogTail(limit: $0) : nil }
        var pastUntil = false

        func deliver(_ line: LogLine) throws {
            if tail != nil {
                tail!.append(line)
            } else if !pastUntil {
                pastUntil = try !show(line, stdout: stdout, stderr: stderr)
            }
        }
        func readAvailable(_ fd: Int32) throws {
            try read(fd) { bytes in
                try splitter.append(bytes) { text in
                    if let record = LogRecord(parsing: text), let line = assembler.add(record) { try deliver(line) }
                }
            }
        }

        for rotated in rotatedFiles() {
            let old = open(rotated, O_RDONLY | O_CLOEXEC)
            guard old >= 0 else { continue }  // rotated once more meanwhile
            defer { close(old) }
            try readAvailable(old)
        }
        try readAvailable(fd)
        if !options.follow {
            for line in assembler.flush() { try deliver(line) }
        }
        if let kept = tail?.contents {
            tail = nil
            for line in kept { try deliver(line) }
        }
        guard options.follow else { return }
        while !pastUntil {
            let finished = isFinished() || options.until.map { Timestamp.now() > $0 } == true
            try readAvailable(fd)
            try followRotation(&fd) { try readAvailable($0) }
            if finished {
                for line in assembler.flush() { try deliver(line) }
                return
            }
            sleep()
        }
    }

    /// Writes one line to its stream's sink; false when it lies after `until`, which ends reading.
    private func show(_ line: LogLine, stdout: ([UInt8]) throws -> Void, stderr: ([UInt8]) throws -> Void) throws -> Bool {
        if let since = options.since, line.time < since { return true }
        if let until = options.until, line.time > until { return false }
        var bytes: [UInt8] = []
        if options.timestamps { bytes += Array(line.time.description.utf8) + [UInt8(ascii: " ")] }
        bytes += detailsPrefix
        bytes += line.text
        if line.isComplete { bytes.append(UInt8(ascii: "\n")) }
        try (line.stream == .stdout ? stdout : stderr)(bytes)
        return true
    }

    /// container.log.N down to container.log.1, the oldest first.
    private func rotatedFiles() -> [String] {
        var files: [String] = []
        while FileSystem.exists(path + ".\(files.count + 1)") { files.append(path + ".\(files.count + 1)") }
        return files.reversed()
    }

    /// After the monitor rotated the file `fd` reads: the rest of it read, `fd` becomes the new
    /// file's; after it emptied it, `fd` starts again at its beginning.
    private func followRotation(_ fd: inout Int32, read: (Int32) throws -> Void) throws {
        var reading = stat(), current = stat()
        guard fstat(fd, &reading) == 0 else { return }
        if lstat(path, &current) == 0, current.st_ino != reading.st_ino {
            try read(fd)
            let next = open(path, O_RDONLY | O_CLOEXEC)
            guard next >= 0 else { return }
            close(fd)
            fd = next
        } else if lseek(fd, 0, SEEK_CUR) > reading.st_size {
            lseek(fd, 0, SEEK_SET)
        }
    }

    /// The open file, or nil when it does not exist and will not (no follow, or finished).
    private func openWaiting(_ isFinished: () -> Bool) throws -> Int32? {
        while true {
            let finished = !options.follow || isFinished()
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            if fd >= 0 { return fd }
            guard errno == ENOENT else { throw RuntimeError.system("open \(path)") }
            if finished { return nil }
            sleep()
        }
    }

    /// Hands `body` what can be read now, chunk by chunk, up to the current end of the file.
    private func read(_ fd: Int32, _ body: (ArraySlice<UInt8>) throws -> Void) throws {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw RuntimeError.system("read \(path)")
            }
            if n == 0 { return }
            try body(chunk[..<n])
        }
    }

    private func sleep() {
        usleep(useconds_t(pollInterval * 1_000_000))
    }
}
