import ArgumentParser
import Runtime

struct NetworkConnect: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "connect", abstract: "Connect a container to a network.")

    @Option(help: "IPv4 address on the network.")
    var ip: String?

    @Argument var network: String
    @Argument var container: String

    func run() throws {
        let address = try ip.map { text in
            do { return try IPv4Address(parsing: text) } catch { throw RuntimeError("invalid IPv4 address: \(text)") }
        }
        try makeEngine().connect(network: network, container: container, address: address)
    }
}

struct NetworkDisconnect: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "disconnect", abstract: "Disconnect a container from a network.")

    @Argument var network: String
    @Argument var container: String

    func run() throws {
        try makeEngine().disconnect(network: network, container: container)
    }
}

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
