import ArgumentParser
import Runtime

struct Stop: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stop", abstract: "Stop one or more running containers.")

    @OptionGroup var flags: StopFlags

    func validate() throws {
        if flags.containers.isEmpty { throw ValidationError("stop requires at least 1 argument") }
    }

    func run() throws {
        let engine = makeEngine()
        let signal = try flags.signalNumber()
        try forEachReporting(flags.containers) { reference in
            _ = try engine.stop(reference, timeout: flags.time, signal: signal)
            print(reference)
        }
    }
}
