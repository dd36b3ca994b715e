import ArgumentParser
import Compose
import Glibc
import Runtime

struct ComposeLogs: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "logs", abstract: "Show the output of the project's containers.")

    @ParentCommand var compose: ComposeCommand

    @Flag(name: [.customShort("f"), .customLong("follow")], help: "Follow the output.")
    var follow = false

    @Flag(name: [.customShort("t"), .customLong("timestamps")], help: "Show timestamps.")
    var timestamps = false

    @Option(name: [.customShort("n", allowingJoined: true), .customLong("tail")], help: "Number of lines from the end of each container's output (\"all\": all).")
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
            guard let lines = Int(tail) else { throw RuntimeError(.invalidArgument, "tail flag must be all or a number") }
            options.tail = lines
        }
        var streams = ContainerLogStreams(engine: runner.engine, project: runner.project.name, options: options)
        streams.prefixed = !noLogPrefix
        streams.colour = !noColor && isatty(1) != 0
        try streams.show(records)
    }
}
