import ArgumentParser
import Runtime

struct NetworkRemove: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove networks.", aliases: ["remove"])

    @Flag(help: "Print every step as the command that would do it by hand.")
    var explain = false

    @Argument(help: "Network names or IDs.")
    var networks: [String]

    func validate() throws {
        if networks.isEmpty { throw ValidationError("network rm requires at least 1 argument") }
    }

    func run() throws {
        let engine = makeEngine(explain: explain)
        try forEachReporting(networks) { reference in
            _ = try engine.removeNetwork(reference)
            print(reference)
        }
    }
}
