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

    @Flag(help: "Mark the network attachable, as Docker shows it (containers may join any network here).")
    var attachable = false

    @Flag(help: "Refused: minirun's networks are IPv4 only.")
    var ipv6 = false

    @Option(name: .customLong("ipam-driver"), help: "IP address management driver: only default.")
    var ipamDriver = "default"

    @Option(name: .customLong("ipam-opt"), help: "An option KEY=VALUE of the IPAM driver, kept and shown by inspect (repeatable).")
    var ipamOptions: [String] = []

    @Option(help: "Only local: minirun has no swarm.")
    var scope = "local"

    @Option(name: .customLong("label"), help: "Set a label KEY=VALUE on the network (repeatable).")
    var labels: [String] = []

    @Option(name: [.customShort("o", allowingJoined: true), .customLong("opt")],
            help: "Driver option KEY=VALUE: com.docker.network.bridge.name, .enable_icc, .enable_ip_masquerade, .host_binding_ipv4, com.docker.network.driver.mtu.")
    var options: [String] = []

    @Flag(help: "Print every step as the command that would do it by hand.")
    var explain = false

    @Argument(help: "Network name.")
    var name: String

    func run() throws {
        if ipv6 { throw RuntimeError(.invalidArgument, "--ipv6: minirun's networks are IPv4 only") }
        guard driver == "bridge" else { throw RuntimeError(.notFound, "plugin \"\(driver)\" not found: only the bridge driver exists") }
        guard ipamDriver == "default" else { throw RuntimeError(.notFound, "plugin \"\(ipamDriver)\" not found: only the default IPAM driver exists") }
        guard scope == "local" else {
            // Docker's words: minirun, never part of a swarm, is Docker with swarm inactive.
            throw RuntimeError(.invalidArgument, "cannot create a \(Identifiers.printable(scope)) scoped network when swarm is not active")
        }
        var request = NetworkRequest()
        request.subnet = try subnet.map { text in
            do { return try IPv4Network(parsing: text) } catch { throw RuntimeError(.invalidArgument, "invalid subnet \(text)", cause: error) }
        }
        request.gateway = try gateway.map { text in
            do { return try IPv4Address(parsing: text) } catch { throw RuntimeError(.invalidArgument, "invalid gateway \(text)", cause: error) }
        }
        request.ipRange = try ipRange.map { text in
            do { return try IPv4Network(parsing: text) } catch { throw RuntimeError(.invalidArgument, "invalid CIDR address: \(text)", cause: error) }
        }
        for text in auxiliaryAddresses {
            let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, let address = try? IPv4Address(parsing: parts[1]) else {
                throw RuntimeError(.invalidArgument, "invalid aux-address \(Identifiers.printable(text)): NAME=IPv4 address")
            }
            request.auxiliaryAddresses[parts[0]] = address
        }
        request.options = Self.map(options)
        request.ipamOptions = Self.map(ipamOptions)
        request.isInternal = `internal`
        request.isAttachable = attachable
        request.labels = try LabelArguments.parse(labels)
        print(try makeEngine(explain: explain).createNetwork(name: name, request).id)
    }

    /// KEY=VALUE options as Docker's CLI reads them: KEY alone is an empty value.
    static func map(_ options: [String]) -> [String: String] {
        options.reduce(into: [:]) { map, option in
            let parts = option.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            map[parts[0]] = parts.count == 2 ? parts[1] : ""
        }
    }
}
