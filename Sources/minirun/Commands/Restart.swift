import ArgumentParser
import Runtime

struct Restart: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "restart", abstract: "Restart one or more containers.")

    @Option(name: [.customShort("t"), .customLong("time")], parsing: .unconditional,
            help: "Seconds to wait after SIGTERM before SIGKILL (-1: no limit, as in docker).")
    var time = 10

    @Argument(help: "Containers.")
    var containers: [String]

    func validate() throws {
        if containers.isEmpty { throw ValidationError("restart requires at least 1 argument") }
    }

    func run() throws {
        let engine = makeEngine()
        try forEachReporting(containers) { reference in
            _ = try engine.stop(reference, timeout: time)
            _ = try engine.start(reference, attach: false)
            print(reference)
        }
    }
}
