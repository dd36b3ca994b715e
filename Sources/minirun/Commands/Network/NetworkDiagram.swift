import ArgumentParser
import Runtime

struct NetworkDiagram: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "diagram", abstract: "Draw the networks, their bridges and containers.")

    @Argument(help: "Only this network.")
    var network: String?

    func run() throws {
        let engine = makeEngine()
        let networks = try network.map { [try engine.inspectNetwork($0)] } ?? engine.listNetworks()
        print(Runtime.NetworkDiagram.render(networks: networks, containers: engine.listContainers(), firewallTable: engine.root.firewallTable), terminator: "")
    }
}
