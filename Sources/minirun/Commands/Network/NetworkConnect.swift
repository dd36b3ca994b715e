import ArgumentParser
import Runtime

struct NetworkConnect: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "connect", abstract: "Connect a container to a network.")

    @Option(help: "IPv4 address on the network.")
    var ip: String?

    @Option(help: "Another name for the container on the network's name server.")
    var alias: [String] = []

    @Argument var network: String
    @Argument var container: String

    func run() throws {
        let address = try ip.map { text in
            do { return try IPv4Address(parsing: text) } catch { throw RuntimeError(.invalidArgument, "invalid IPv4 address: \(text)") }
        }
        for name in alias { try Identifiers.validateName(name, kind: "network alias") }
        try makeEngine().connect(network: network, container: container, address: address, aliases: alias)
    }
}
