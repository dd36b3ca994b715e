import ArgumentParser
import Runtime

/// `port CONTAINER [PRIVATE_PORT[/PROTO]]`: where a running container's ports are published on the
/// host, as Docker lists them - every published port as "80/tcp -> 0.0.0.0:32768", or the host
/// addresses of one port. The way to find the ports `-P` picked.
struct Port: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "port", abstract: "List a container's published ports, or where one of its ports is published.")

    @Argument(help: "The container.")
    var container: String

    @Argument(help: "A container port: 80, 80/tcp or 53/udp.")
    var privatePort: String?

    func run() throws {
        let record = try makeEngine().inspect(container)
        // A stopped container publishes nothing, as in Docker.
        let ports = record.state.status == .running ? record.state.ports : []
        guard let privatePort else {
            Self.printSorted(ports.map { $0.exposedPort + " -> " + $0.hostAddress })
            return
        }
        let parts = privatePort.split(separator: "/", maxSplits: 1).map { $0.lowercased() }
        let transport = parts.count == 2 ? parts[1] : "tcp"
        guard let number = parts.first.flatMap({ UInt16($0) }), number > 0, Self.transports.contains(transport) else {
            throw RuntimeError(.invalidArgument, "invalid port: \(Identifiers.printable(privatePort))")
        }
        let published = ports.filter { $0.exposedPort == "\(number)/\(transport)" }
        guard !published.isEmpty else {
            throw RuntimeError(.notFound, "No public port '\(number)/\(transport)' published for \(Identifiers.printable(container))")
        }
        Self.printSorted(published.map(\.hostAddress))
    }

    /// The transports a container port names, as Docker takes them (minirun publishes tcp and udp).
    static let transports = ["tcp", "udp", "sctp"]

    /// In Docker's order: natural, digit runs compared as numbers ("53/udp" before "443/tcp").
    static func printSorted(_ lines: [String]) {
        for line in lines.sorted(by: NaturalOrder.less) { print(line) }
    }
}
