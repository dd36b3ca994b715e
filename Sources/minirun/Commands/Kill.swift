import ArgumentParser
import Runtime

struct Kill: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "kill", abstract: "Send a signal to one or more running containers.")

    @Option(name: [.customShort("s", allowingJoined: true), .customLong("signal")], parsing: .unconditional, help: "Signal name or number (default KILL).")
    var signal = "KILL"

    @Argument(help: "Containers.")
    var containers: [String]

    func validate() throws {
        if containers.isEmpty { throw ValidationError("kill requires at least 1 argument") }
    }

    func run() throws {
        let engine = makeEngine()
        let number = try Signals.number(signal)
        try forEachReporting(containers) { reference in
            try engine.kill(reference, signal: number)
            print(reference)
        }
    }
}
