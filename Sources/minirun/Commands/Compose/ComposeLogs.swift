import ArgumentParser
import Compose
import Dispatch
import Glibc
import Runtime
import Synchronization

struct ComposeLogs: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "logs", abstract: "Show the output of the project's containers.")

    @ParentCommand var compose: ComposeCommand

    @Flag(name: [.customShort("f"), .customLong("follow")], help: "Follow the output.")
    var follow = false

    @Flag(name: [.customShort("t"), .customLong("timestamps")], help: "Show timestamps.")
    var timestamps = false

    @Option(name: [.customShort("n"), .customLong("tail")], help: "Number of lines from the end of each container's output (\"all\": all).")
    var tail = "all"

    @Flag(name: .customLong("no-color"), help: "Produce monochrome output.")
    var noColor = false

    @Flag(name: .customLong("no-log-prefix"), help: "Don't print the container name before each line.")
    var noLogPrefix = false

    @Argument(help: "Services whose output to show; all when none.")
    var services: [String] = []

    func run() throws {
        let runner = try compose.runner()
        let records = try runner.containers(of: services)
        var options = LogOptions(timestamps: timestamps, follow: follow)
        if tail != "all" {
            guard let lines = Int(tail) else { throw RuntimeError(.invalidArgument, "invalid value for --tail: \(tail)") }
            options.tail = lines
        }
        let width = records.map(\.name.count).max() ?? 0
        let colour = !noColor && isatty(1) != 0
        let output = PrefixedOutput()
        let group = DispatchGroup()
        let failures = FailureList()
        // Each container's log is read on a thread of its own, so that -f follows them all at once.
        for (index, record) in records.enumerated() {
            let prefix = noLogPrefix ? "" : PrefixedOutput.prefix(record.name, width: width, colour: colour ? index : nil)
            let reader = LogReader(path: runner.engine.containers.directory(record.id) + "/container.log", options: options)
            let engine = runner.engine, follow = options.follow
            DispatchQueue.global().async(group: group) {
                do {
                    try reader.copy(stdout: { output.write($0, prefix: prefix, fd: 1) }, stderr: { output.write($0, prefix: prefix, fd: 2) },
                                    isFinished: { !follow || !engine.isStillRunning(record) })
                } catch {
                    failures.add(error)
                }
            }
        }
        group.wait()
        if let failure = failures.first { throw failure }
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

/// Errors met on other threads, for the command to report the first.
final class FailureList: Sendable {
    private let errors = Mutex<[String]>([])

    func add(_ error: any Error) { errors.withLock { $0.append("\(error)") } }

    var first: RuntimeError? { errors.withLock { $0.first.map { RuntimeError(.system, $0) } } }
}
