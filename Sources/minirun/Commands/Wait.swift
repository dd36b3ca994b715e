import ArgumentParser
import Runtime

struct Wait: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "wait", abstract: "Wait for containers to stop and print their exit codes.")

    @Argument(help: "Containers.")
    var containers: [String]

    func validate() throws {
        if containers.isEmpty { throw ValidationError("wait requires at least 1 argument") }
    }

    func run() throws {
        let engine = makeEngine()
        try forEachReporting(containers) { reference in
            print(try engine.wait(reference))
        }
    }
}
