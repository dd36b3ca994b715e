import ArgumentParser
import Runtime

struct Logs: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "logs", abstract: "Show a container's output.")

    @Flag(name: [.customShort("f"), .customLong("follow")], help: "Follow the output until the container stops.")
    var follow = false

    @Flag(name: [.customShort("t"), .customLong("timestamps")], help: "Show timestamps.")
    var timestamps = false

    @Option(name: [.customShort("n", allowingJoined: true), .customLong("tail")], parsing: .unconditional,
            help: "Number of lines from the end (\"all\", a negative number or not a number: all).")
    var tail = "all"

    @Flag(help: "Show the attributes of each line (the labels and environment variables --log-opt labels= and env= name).")
    var details = false

    @Option(help: "Show logs since a time (2026-11-27T04:00:00Z, a Unix time) or a duration (10m, 1h30m).")
    var since: String?

    @Option(help: "Show logs until a time or duration ago.")
    var until: String?

    @Argument(help: "The container.")
    var container: String

    func run() throws {
        let engine = makeEngine()
        let record = try engine.inspect(container)
        guard record.config.logConfig.driver != "none" else {
            throw RuntimeError(.invalidArgument, "configured logging driver does not support reading")
        }
        let now = Timestamp.now()
        var options = LogOptions(timestamps: timestamps, follow: follow)
        // As Docker's daemon: "all", a negative number and anything that is not a number show every line.
        options.tail = Int(tail)
        if details {
            options.details = record.config.logConfig.attributes(labels: record.config.labels, environment: record.config.env)
        }
        options.since = try since.map { try LogTimeParser.parse($0, now: now) }
        options.until = try until.map { try LogTimeParser.parse($0, now: now) }
        let reader = LogReader(path: engine.containers.directory(record.id) + "/container.log", options: options)
        try reader.copy(
            stdout: { try StandardStreams.write($0, to: 1) },
            stderr: { try StandardStreams.write($0, to: 2) },
            isFinished: { !follow || !engine.isStillRunning(record) })
    }
}
