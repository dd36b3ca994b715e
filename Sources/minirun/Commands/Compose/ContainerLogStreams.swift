import Compose
import Glibc
import Runtime
import Synchronization

/// The output of several of a project's containers on one terminal, for `logs` and for `up`
/// without -d: each container's log read on a thread of its own (so that following shows them all
/// at once), every line with the container's name in front - the name without the project's
/// prefix, `web-1  | hello`, as docker compose prints it - in a colour of its own on a terminal.
struct ContainerLogStreams {
    let engine: Engine
    let project: String
    var options: LogOptions
    var prefixed = true
    var colour = false

    /// Shows each container's log and returns once all are shown; when following, once each
    /// container has exited. `finished` runs for each container when its log is done.
    func show(_ records: [ContainerRecord], finished: @escaping @Sendable (ContainerRecord, String) -> Void = { _, _ in }) throws {
        let names = records.map(logName)
        let width = names.map(\.count).max() ?? 0
        let output = PrefixedOutput()
        let failures = Failures()
        let follow = options.follow
        let followers = records.enumerated().map { index, record in
            Follower(record: record, name: names[index],
                     prefix: prefixed ? PrefixedOutput.prefix(names[index], width: width, colour: colour ? index : nil) : "",
                     reader: LogReader(path: engine.containers.directory(record.id) + "/container.log", options: options))
        }
        // A thread each: a follower blocks for its container's whole life.
        try JoinableThread.each(followers) { [engine] follower in
            do {
                try follower.reader.copy(stdout: { output.write($0, prefix: follower.prefix, fd: 1) },
                                         stderr: { output.write($0, prefix: follower.prefix, fd: 2) },
                                         isFinished: { !follow || !engine.isStillRunning(follower.record) })
                finished(follower.record, follower.name)
            } catch {
                failures.add(error)
            }
        }
        if let failure = failures.first { throw failure }
    }

    private struct Follower: Sendable {
        var record: ContainerRecord
        var name: String
        var prefix: String
        var reader: LogReader
    }

    /// "web-1" for the project's container "app-web-1"; a container_name as it is.
    func logName(_ record: ContainerRecord) -> String {
        record.name.hasPrefix(project + "-") ? String(record.name.dropFirst(project.count + 1)) : record.name
    }
}

/// Lines of several containers' output on one terminal, each with its container's name in front
/// (in a colour of its own on a terminal), never two lines mixed.
final class PrefixedOutput: Sendable {
    private let lock = Mutex(())

    static func prefix(_ name: String, width: Int, colour: Int?) -> String {
        let padded = name + String(repeating: " ", count: max(0, width - name.count)) + "  | "
        guard let colour else { return padded }
        return "\u{1B}[\(31 + colour % 6)m" + padded + "\u{1B}[0m"
    }

    func write(_ bytes: [UInt8], prefix: String, fd: Int32) {
        var text: [UInt8] = []
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        for line in lines.dropLast(bytes.last == UInt8(ascii: "\n") ? 1 : 0) {
            text += Array(prefix.utf8) + line + [UInt8(ascii: "\n")]
        }
        lock.withLock { _ in _ = try? FileSystem.writeAll(fd: fd, text, path: fd == 1 ? "stdout" : "stderr") }
    }
}
