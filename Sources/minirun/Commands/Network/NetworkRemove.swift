import ArgumentParser
import Runtime

struct NetworkRemove: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove networks.", aliases: ["remove"])

    @Flag(help: "Print every step as the command that would do it by hand.")
    var explain = false

    @Flag(name: [.customShort("f"), .customLong("force")], help: "Do not error if the network does not exist.")
    var force = false

    @Argument(help: "Network names or IDs.")
    var networks: [String]

    func validate() throws {
        if networks.isEmpty { throw ValidationError("network rm requires at least 1 argument") }
    }

    func run() throws {
        let engine = makeEngine(explain: explain)
        try forEachReporting(networks) { reference in
            do {
                _ = try engine.removeNetwork(reference)
            } catch let error as RuntimeError where force && error.code == .notFound {
                return  // as Docker's -f: a network that is not there is nothing to report
            }
            print(reference)
        }
    }
}
