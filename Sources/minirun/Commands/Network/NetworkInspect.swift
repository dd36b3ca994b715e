import ArgumentParser
import Runtime

struct NetworkInspect: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "inspect", abstract: "Show networks as JSON.")

    @Argument(help: "Network names or IDs.")
    var networks: [String]

    func validate() throws {
        if networks.isEmpty { throw ValidationError("network inspect requires at least 1 argument") }
    }

    func run() throws {
        let engine = makeEngine()
        let containers = engine.reconciledListing().records
        var found: [NetworkInspection] = []
        try forEachReporting(networks) { reference in
            found.append(NetworkInspection(try engine.inspectNetwork(reference), containers: containers))
        } finally: {
            print(try Output.indentedJSON(found))
        }
    }
}
