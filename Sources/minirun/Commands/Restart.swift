import ArgumentParser
import Runtime

struct Restart: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "restart", abstract: "Restart one or more containers.")

    @OptionGroup var flags: StopFlags

    func validate() throws {
        if flags.containers.isEmpty { throw ValidationError("restart requires at least 1 argument") }
    }

    func run() throws {
        let engine = makeEngine()
        let signal = try flags.signalNumber()
        try forEachReporting(flags.containers) { reference in
            _ = try engine.stop(reference, timeout: flags.time, signal: signal)
            _ = try engine.start(reference, attach: false)
            print(reference)
        }
    }
}
