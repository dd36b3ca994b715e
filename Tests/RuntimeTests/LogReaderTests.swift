import Foundation
@testable import Runtime
import Testing

/// Base time of the records below; record(n, ...) is n seconds later.
private let base = 1_795_752_054

private func time(_ second: Int) -> Timestamp {
    Timestamp(seconds: base + second, nanoseconds: 123_456_789)
}

private func record(_ second: Int, _ stream: String, _ flag: String, _ text: String) -> String {
    "\(time(second)) \(stream) \(flag) \(text)\n"
}

/// What a reader wrote, per sink, and both in the order written.
private struct Output {
    var stdout = ""
    var stderr = ""
    var sequence: [String] = []
}

private func read(_ path: String, _ options: LogOptions) throws -> Output {
    var output = Output()
    try LogReader(path: path, options: options).copy(
        stdout: { output.stdout += String(decoding: $0, as: UTF8.self); output.sequence.append("out:" + String(decoding: $0, as: UTF8.self)) },
        stderr: { output.stderr += String(decoding: $0, as: UTF8.self); output.sequence.append("err:" + String(decoding: $0, as: UTF8.self)) }
    )
    return output
}

struct LogRecordTests {
    @Test func parsesTheMonitorsFormat() {
        let line = Array("2026-11-27T04:00:54.123456789Z stderr F  two  spaces ".utf8)
        #expect(LogRecord(parsing: line[...]) == LogRecord(time: Timestamp(seconds: base, nanoseconds: 123_456_789), stream: .stderr,
                                                         endsLine: true, text: Array(" two  spaces ".utf8)))
        let partial = Array("2026-11-27T04:00:54.000000001Z stdout P ".utf8)
        #expect(LogRecord(parsing: partial[...]) == LogRecord(time: Timestamp(seconds: base, nanoseconds: 1), stream: .stdout,
                                                            endsLine: false, text: []))
    }

    @Test(arguments: [
        "", "garbage", "2026-11-27T04:00:54Z", "2026-11-27T04:00:54Z stdout", "2026-11-27T04:00:54Z stdout F",
        "2026-11-27T04:00:54Z stdin F x", "2026-11-27T04:00:54Z stdout X x", "2026-11-27T04:00:54Z stdout Fx",
        "yesterday stdout F x", "2026-11-27T04:00:54Zstdout F x",
    ])
    func rejectsAnythingElse(line: String) {
        #expect(LogRecord(parsing: Array(line.utf8)[...]) == nil)
    }

    @Test func joinsPartialRecordsPerStream() {
        var assembler = LogLineAssembler()
        let records = [
            LogRecord(time: time(1), stream: .stdout, endsLine: false, text: Array("hel".utf8)),
            LogRecord(time: time(2), stream: .stderr, endsLine: true, text: Array("oops".utf8)),
            LogRecord(time: time(3), stream: .stdout, endsLine: false, text: Array("lo ".utf8)),
            LogRecord(time: time(4), stream: .stdout, endsLine: true, text: Array("world".utf8)),
            LogRecord(time: time(5), stream: .stderr, endsLine: false, text: Array("no newline".utf8)),
        ]
        let lines = records.compactMap { assembler.add($0) }
        #expect(lines == [
            LogLine(time: time(2), stream: .stderr, text: Array("oops".utf8), isComplete: true),
            LogLine(time: time(1), stream: .stdout, text: Array("hello world".utf8), isComplete: true),
        ])
        #expect(assembler.flush() == [LogLine(time: time(5), stream: .stderr, text: Array("no newline".utf8), isComplete: false)])
        #expect(assembler.flush() == [])
    }

    @Test func splitsLinesAcrossChunks() {
        var splitter = LogLineSplitter()
        var lines: [String] = []
        for chunk in ["ab", "c\nd", "e\n\nf", "g"] {
            splitter.append(Array(chunk.utf8)[...]) { lines.append(String(decoding: $0, as: UTF8.self)) }
        }
        #expect(lines == ["abc", "de", ""])
    }

    @Test func tailKeepsTheLastLines() {
        var tail = LogTail(limit: 3)
        for i in 0..<7 { tail.append(LogLine(time: time(i), stream: .stdout, text: [UInt8(i)], isComplete: true)) }
        #expect(tail.contents.map(\.text) == [[4], [5], [6]])
        var none = LogTail(limit: 0)
        none.append(LogLine(time: time(0), stream: .stdout, text: [], isComplete: true))
        #expect(none.contents.isEmpty)
    }
}

struct LogReaderTests {
    /// one; two (in two records); a damaged line; three on stderr; four; "fi" never finished; and
    /// the start of a record the monitor never finished writing.
    private func sampleLog() throws -> (TemporaryDirectory, String) {
        let directory = try TemporaryDirectory()
        try directory.append(
            record(1, "stdout", "F", "one") + record(2, "stdout", "P", "tw") + record(3, "stdout", "F", "o")
                + "not a record\n" + record(4, "stderr", "F", "three") + record(5, "stdout", "F", "four")
                + record(6, "stdout", "P", "fi") + "2026-11-27T04:01:00.000000000Z stdout F half",
            to: "container.log")
        return (directory, directory.path + "/container.log")
    }

    @Test func showsEverythingJoinedAndSkipsDamage() throws {
        let (directory, path) = try sampleLog()
        let output = try read(path, LogOptions())
        #expect(output.stdout == "one\ntwo\nfour\nfi")
        #expect(output.stderr == "three\n")
        #expect(output.sequence == ["out:one\n", "out:two\n", "err:three\n", "out:four\n", "out:fi"])
        _ = directory
    }

    @Test func tailCountsJoinedLines() throws {
        let (directory, path) = try sampleLog()
        #expect(try read(path, LogOptions(tail: 3)).sequence == ["err:three\n", "out:four\n", "out:fi"])
        #expect(try read(path, LogOptions(tail: 4)).sequence == ["out:two\n", "err:three\n", "out:four\n", "out:fi"])
        #expect(try read(path, LogOptions(tail: 0)).sequence == [])
        #expect(try read(path, LogOptions(tail: 100)).sequence.count == 5)
        #expect(try read(path, LogOptions(tail: -1)).sequence.count == 5)
        _ = directory
    }

    @Test func sinceAndUntilAreInclusiveAndGoByTheFirstRecord() throws {
        let (directory, path) = try sampleLog()
        #expect(try read(path, LogOptions(since: time(2))).sequence == ["out:two\n", "err:three\n", "out:four\n", "out:fi"])
        #expect(try read(path, LogOptions(since: time(3))).sequence == ["err:three\n", "out:four\n", "out:fi"])
        #expect(try read(path, LogOptions(until: time(4))).sequence == ["out:one\n", "out:two\n", "err:three\n"])
        #expect(try read(path, LogOptions(since: time(2), until: time(4))).sequence == ["out:two\n", "err:three\n"])
        _ = directory
    }

    @Test func tailIsTakenBeforeSinceAndUntilLikeDocker() throws {
        let (directory, path) = try sampleLog()
        #expect(try read(path, LogOptions(tail: 2, until: time(4))).sequence == [])
        #expect(try read(path, LogOptions(tail: 3, since: time(5))).sequence == ["out:four\n", "out:fi"])
        _ = directory
    }

    @Test func timestampsPrefixEachLineWithItsFirstRecordsTime() throws {
        let (directory, path) = try sampleLog()
        let output = try read(path, LogOptions(tail: 4, timestamps: true))
        #expect(output.stdout == "\(time(2)) two\n\(time(5)) four\n\(time(6)) fi")
        #expect(output.stderr == "2026-11-27T04:00:58.123456789Z three\n")
        _ = directory
    }

    @Test func aMissingFileHasNothingToShow() throws {
        let directory = try TemporaryDirectory()
        #expect(try read(directory.path + "/container.log", LogOptions()).sequence == [])
    }

    @Test func aLogThatCannotBeOpenedIsAnError() throws {
        let directory = try TemporaryDirectory()
        #expect(throws: RuntimeError.self) { try read(directory.path, LogOptions()) }
    }
}

struct LogFollowTests {
    /// Runs a following reader on its own thread; nil when it has not returned within `timeout`.
    private func follow(_ path: String, _ options: LogOptions, isFinished: @escaping @Sendable () -> Bool,
                        whileRunning write: () throws -> Void, timeout: Double = 10) throws -> Output? {
        let output = Locked(Output())
        let done = DispatchSemaphore(value: 0)
        let failure = Locked<String?>(nil)
        Thread {
            var reader = LogReader(path: path, options: options)
            reader.pollInterval = 0.02
            do {
                try reader.copy(
                    stdout: { bytes in output.update { $0.stdout += String(decoding: bytes, as: UTF8.self); $0.sequence.append("out:" + String(decoding: bytes, as: UTF8.self)) } },
                    stderr: { bytes in output.update { $0.stderr += String(decoding: bytes, as: UTF8.self); $0.sequence.append("err:" + String(decoding: bytes, as: UTF8.self)) } },
                    isFinished: isFinished)
            } catch {
                failure.update { $0 = "\(error)" }
            }
            done.signal()
        }.start()
        try write()
        guard done.wait(timeout: .now() + timeout) == .success else { return nil }
        if let message = failure.get() { throw TestFailure(message) }
        return output.get()
    }

    @Test func followsAFileCreatedLaterUntilTheContainerIsFinished() throws {
        let directory = try TemporaryDirectory()
        let finished = Locked(false)
        let output = try follow(directory.path + "/container.log", LogOptions(follow: true), isFinished: { finished.get() }) {
            usleep(150_000)
            try directory.append(record(1, "stdout", "F", "first") + record(2, "stdout", "P", "sec"), to: "container.log")
            usleep(150_000)
            try directory.append(String(record(3, "stdout", "F", "ond").dropLast()), to: "container.log")
            usleep(150_000)
            try directory.append("\n" + record(4, "stderr", "F", "err line"), to: "container.log")
            usleep(150_000)
            try directory.append(record(5, "stdout", "F", "last") + record(6, "stdout", "P", "no newline"), to: "container.log")
            finished.update { $0 = true }
        }
        guard let output else {
            Issue.record("the reader did not stop after isFinished turned true")
            return
        }
        #expect(output.sequence == ["out:first\n", "out:second\n", "err:err line\n", "out:last\n", "out:no newline"])
    }

    /// The container's last words land in the file just as isFinished() turns true: a reader that
    /// looked at the file before asking would lose them.
    @Test func followShowsWhatWasWrittenUpToFinishing() throws {
        let directory = try TemporaryDirectory()
        try directory.append(record(1, "stdout", "F", "start"), to: "container.log")
        let calls = Locked(0)
        let output = try follow(directory.path + "/container.log", LogOptions(follow: true), isFinished: {
            calls.update { $0 += 1 }
            guard calls.get() == 4 else { return false }
            try? directory.append(record(2, "stderr", "F", "last words") + record(3, "stdout", "P", "bye"), to: "container.log")
            return true
        }) {}
        #expect(output?.sequence == ["out:start\n", "err:last words\n", "out:bye"])
        #expect(calls.get() == 4)
    }

    @Test func followShowsTheTailThenNewLinesOnly() throws {
        let directory = try TemporaryDirectory()
        try directory.append(record(1, "stdout", "F", "old 1") + record(2, "stdout", "F", "old 2"), to: "container.log")
        let finished = Locked(false)
        let output = try follow(directory.path + "/container.log", LogOptions(tail: 1, follow: true), isFinished: { finished.get() }) {
            usleep(100_000)
            try directory.append(record(3, "stdout", "F", "new"), to: "container.log")
            usleep(100_000)
            finished.update { $0 = true }
        }
        #expect(output?.sequence == ["out:old 2\n", "out:new\n"])
    }

    @Test func followStopsAtTheFirstLineAfterUntil() throws {
        let directory = try TemporaryDirectory()
        let now = Timestamp.now()
        let until = Timestamp(seconds: now.seconds + 3600)
        let line = { (seconds: Int, text: String) in "\(Timestamp(seconds: now.seconds + seconds)) stdout F \(text)\n" }
        let output = try follow(directory.path + "/container.log", LogOptions(until: until, follow: true), isFinished: { false }) {
            try directory.append(line(0, "before"), to: "container.log")
            usleep(100_000)
            try directory.append(line(7200, "after") + line(7201, "later"), to: "container.log")
        }
        #expect(output?.sequence == ["out:before\n"])
    }

    @Test func followEndsWhenUntilHasPassed() throws {
        let directory = try TemporaryDirectory()
        try directory.append(record(1, "stdout", "F", "old"), to: "container.log")
        let output = try follow(directory.path + "/container.log", LogOptions(until: time(10), follow: true), isFinished: { false }) {}
        #expect(output?.sequence == ["out:old\n"])
    }

    @Test func followGivesUpOnAFileThatNeverCame() throws {
        let directory = try TemporaryDirectory()
        let finished = Locked(false)
        let output = try follow(directory.path + "/container.log", LogOptions(follow: true), isFinished: { finished.get() }) {
            usleep(100_000)
            finished.update { $0 = true }
        }
        #expect(output?.sequence == [])
    }
}
