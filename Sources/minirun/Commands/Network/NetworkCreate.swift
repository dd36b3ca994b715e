import ArgumentParser
import Runtime

struct NetworkCreate: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a bridge network.")

    @Option(help: "Subnet in CIDR form, e.g. 172.30.0.0/16 (default: the next free one from 172.18.0.0/16).")
    var subnet: String?

    @Option(help: "Gateway address inside the subnet (default: its first address).")
    var gateway: String?

    @Option(name: .customLong("ip-range"), help: "Choose containers' addresses from this part of the subnet (CIDR).")
    var ipRange: String?

    @Option(name: .customLong("aux-address"), help: "Keep an address of the subnet from containers: NAME=IP (repeatable).")
    var auxiliaryAddresses: [String] = []

    @Option(name: [.customShort("d", allowingJoined: true), .customLong("driver")], help: "Only bridge.")
    var driver = "bridge"

    @Flag(help: "Restrict external access to the network: its containers reach only each other.")
    var `internal` = false

    @Option(name: .customLong("label"), help: "Set a label KEY=VALUE on the network (repeatable).")
    var labels: [String] = []

    @Option(name: [.customShort("o", allowingJoined: true), .customLong("opt")],
            help: "Driver option KEY=VALUE: com.docker.network.bridge.name names the Linux bridge.")
    var options: [String] = []

    @Flag(help: "Print every step as the command that would do it by hand.")
    var explain = false

    @Argument(help: "Network name.")
    var name: String

    func run() throws {
        guard driver == "bridge" else { throw RuntimeError(.notFound, "plugin \"\(driver)\" not found: only the bridge driver exists") }
        let subnet = try self.subnet.map { text in
            do { return try IPv4Network(parsing: text) } catch { throw RuntimeError(.invalidArgument, "invalid subnet \(text)", cause: error) }
        }
        let gateway = try self.gateway.map { text in
            do { return try IPv4Address(parsing: text) } catch { throw RuntimeError(.invalidArgument, "invalid gateway \(text)", cause: error) }
        }
        let ipRange = try self.ipRange.map { text in
            do { return try IPv4Network(parsing: text) } catch { throw RuntimeError(.invalidArgument, "invalid CIDR address: \(text)", cause: error) }
        }
        var auxiliary: [String: IPv4Address] = [:]
        for text in auxiliaryAddresses {
            let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, let address = try? IPv4Address(parsing: parts[1]) else {
                throw RuntimeError(.invalidArgument, "invalid aux-address \(Identifiers.printable(text)): NAME=IPv4 address")
            }
            auxiliary[parts[0]] = address
        }
        var bridgeName: String?
        for option in options {
            let parts = option.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, parts[0] == "com.docker.network.bridge.name" else {
                throw RuntimeError(.invalidArgument, "unsupported network option \(Identifiers.printable(option)): minirun takes com.docker.network.bridge.name=NAME")
            }
            bridgeName = parts[1]
        }
        let record = try makeEngine(explain: explain).createNetwork(
            name: name, subnet: subnet, gateway: gateway, internal: `internal`, labels: try LabelArguments.parse(labels), bridgeName: bridgeName,
            ipRange: ipRange, auxiliaryAddresses: auxiliary)
        print(record.id)
    }
}
