import ArgumentParser
import GoTemplate
import JSONCodec
import Runtime

struct NetworkInspect: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "inspect", abstract: "Show networks as JSON.")

    @Option(name: [.customShort("f", allowingJoined: true), .customLong("format")],
            help: "A Go template, e.g. '{{index .Options \"com.docker.network.bridge.name\"}}'.")
    var format: String?

    // Docker's verbose view adds a swarm network's services and tasks; a bridge network has none.
    @Flag(name: [.customShort("v"), .customLong("verbose")], help: "Verbose output (a bridge network shows nothing more).")
    var verbose = false

    @Argument(help: "Network names or IDs.")
    var networks: [String]

    func validate() throws {
        if networks.isEmpty { throw ValidationError("network inspect requires at least 1 argument") }
    }

    func run() throws {
        let engine = makeEngine()
        let template = try format.map(GoTemplate.init)
        let containers = engine.reconciledListing().records
        var found: [NetworkInspection] = []
        try forEachReporting(networks) { reference in
            let inspection = try PredefinedNetwork.find(reference).map { NetworkInspection($0, containers: containers) }
                ?? NetworkInspection(try engine.inspectNetwork(reference), containers: containers)
            if let template {
                print(try template.render(try JSONValue(encoding: inspection), fieldTypes: .docker))
            } else {
                found.append(inspection)
            }
        } finally: {
            if template == nil { print(try Output.indentedJSON(found)) }
        }
    }
}
