import ArgumentParser
import Runtime

struct NetworkDiagram: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diagram", abstract: "Draw the networks, their bridges and containers.",
        discussion: "--paths shows the way a connection takes to each published port through the live firewall rules; "
            + "--modes compares the network modes.")

    @Argument(help: "Only this network.")
    var network: String?

    @Flag(help: "The packet paths to each published port: the nftables chain and rule each takes, and the sysctls it needs.")
    var paths = false

    @Flag(help: "The four network modes side by side, with the running containers in each.")
    var modes = false

    func run() throws {
        let engine = makeEngine()
        let networks = try network.map { [try engine.inspectNetwork($0)] } ?? engine.listNetworks()
        let containers = engine.listContainers()
        if modes {
            print(NetworkModesTable.render(containers: containers), terminator: "")
        }
        if paths {
            if modes { print() }
            print(try engine.packetPaths(on: networks), terminator: "")
        }
        if !paths && !modes {
            print(Runtime.NetworkDiagram.render(networks: networks, containers: containers, firewallTable: engine.root.firewallTable), terminator: "")
        }
    }
}
