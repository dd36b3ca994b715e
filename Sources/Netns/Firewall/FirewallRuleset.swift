/// Every firewall rule minirun needs, as one nftables script that replaces minirun's table atomically.
///
/// minirun owns exactly one table (family `ip`) and never touches other tools' tables or chains. The
/// script holds:
/// - outbound NAT: each bridge's subnet is masqueraded when it leaves through any other interface
///   (unless its network asks for none);
/// - published ports: DNAT of connections to the host's addresses, arriving from elsewhere (prerouting)
///   or made by the host itself, 127.0.0.1 included (output), or by containers through their gateway;
/// - masquerade of the DNATed connections that come from the host's loopback or from the container's
///   own subnet, so the container's replies return through the host and are translated back;
/// - isolation: nothing is forwarded from one minirun bridge to another, except to published ports;
///   nothing at all between an internal bridge and any other interface, and no masquerade for it.
///
/// The value is pure: building and rendering it touches nothing, so `script` can be shown by `--explain`
/// and compared in tests. `Firewall` applies it.
public struct FirewallRuleset: Equatable, Sendable {
    /// The table's name, e.g. "minirun" for the default state root.
    public let tableName: String
    public let bridges: [Bridge]
    public let portForwards: [PortForward]

    /// A ruleset for these networks and published ports; refuses names nft would misread, a bridge listed
    /// twice, host ports not yet chosen and forwards to bridges not listed or internal. With no bridges the script
    /// deletes the table.
    public init(tableName: String, bridges: [Bridge] = [], portForwards: [PortForward] = []) throws(FirewallError) {
        guard Self.isValidTableName(tableName) else { throw .invalidTableName(tableName) }
        for (position, bridge) in bridges.enumerated() {
            guard InterfaceName.isSafe(bridge.name) else { throw .invalidInterfaceName(bridge.name) }
            guard !bridges[..<position].contains(where: { $0.name == bridge.name }) else {
                throw .duplicateBridge(bridge.name)
            }
        }
        for forward in portForwards {
            guard forward.port.hostPort != 0 else { throw .unresolvedHostPort(forward.port) }
            guard let bridge = bridges.first(where: { $0.name == forward.bridge }) else {
                throw .unknownBridge(forward.bridge, port: forward.port)
            }
            guard !bridge.isInternal else { throw .internalBridge(forward.bridge, port: forward.port) }
        }
        self.tableName = tableName
        self.bridges = bridges
        self.portForwards = portForwards
    }

    /// Whether there is nothing to translate or filter; the script then only removes the table.
    public var isEmpty: Bool { bridges.isEmpty }

    /// The nft script (for `nft -f -`). It declares the table, deletes it and recreates it with all its
    /// chains in one transaction, so the old rules are replaced with no moment without rules, and
    /// declaring the table first lets the delete succeed when the table does not exist yet.
    public var script: String {
        var lines: [String] = []
        if isEmpty {
            lines.append("# No minirun network needs rules: remove minirun's table (declared first so that")
            lines.append("# the delete succeeds when there is none).")
        } else {
            lines.append("# All of minirun's rules live in this one table, replaced as a whole in one transaction")
            lines.append("# (declared first so that the delete succeeds when there is none yet).")
        }
        lines.append("table ip \(tableName)")
        lines.append("delete table ip \(tableName)")
        if !isEmpty {
            lines.append("table ip \(tableName) {")
            lines += [
                "\t# Priorities -110, 90 and -10 run these chains just before the standard nat and filter",
                "\t# chains of other tables (iptables-nft, Docker), so minirun translates its own traffic first.",
            ]
            lines += publishedPortChains + postroutingChain + forwardChain
            lines.append("}")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private var publishedPortChains: [String] {
        guard !portForwards.isEmpty else { return [] }
        let jump = "\t\tfib daddr type local jump published_ports"
        return [
            "\t# Published ports: connections to this host's addresses from other hosts and containers",
            "\tchain prerouting {",
            "\t\ttype nat hook prerouting priority -110; policy accept;",
            jump,
            "\t}",
            "\t# ... and from the host itself, 127.0.0.1 included",
            "\tchain output {",
            "\t\ttype nat hook output priority -110; policy accept;",
            jump,
            "\t}",
            "\tchain published_ports {",
        ] + portForwards.map { "\t\t" + Self.dnatRule($0) } + ["\t}"]
    }

    private var postroutingChain: [String] {
        var lines = [
            "\t# Containers reach other networks with the host's address. Connections to published ports",
            "\t# from 127.0.0.1 or from the container's own network get the gateway's address, so replies",
            "\t# come back through the host to be translated.",
            "\tchain postrouting {",
            "\t\ttype nat hook postrouting priority 90; policy accept;",
        ]
        lines += bridges.filter { !$0.isInternal && $0.masquerades }.map { "\t\tip saddr \($0.subnet) oifname != \"\($0.name)\" masquerade" }
        for bridge in bridges where portForwards.contains(where: { $0.bridge == bridge.name }) {
            let sources = "{ 127.0.0.0/8, \(bridge.subnet) }"
            lines.append("\t\toifname \"\(bridge.name)\" ct status dnat ip saddr \(sources) masquerade")
        }
        return lines + ["\t}"]
    }

    private var forwardChain: [String] {
        let internalBridges = bridges.filter(\.isInternal)
        guard bridges.count > 1 || !internalBridges.isEmpty else { return [] }
        var lines = [
            "\t# Networks are isolated from each other; published ports stay reachable from all of them.",
            "\tchain forward {",
            "\t\ttype filter hook forward priority -10; policy accept;",
        ]
        if !internalBridges.isEmpty {
            lines.append("\t\t# Internal networks: nothing in or out, published ports of other networks included.")
        }
        for bridge in internalBridges {
            lines.append("\t\tiifname \"\(bridge.name)\" oifname != \"\(bridge.name)\" drop")
            lines.append("\t\toifname \"\(bridge.name)\" iifname != \"\(bridge.name)\" drop")
        }
        lines.append("\t\tct status dnat accept")
        for bridge in bridges where bridges.count > 1 {
            let others = bridges.filter { $0.name != bridge.name }.map { "\"\($0.name)\"" }
            lines.append("\t\tiifname \"\(bridge.name)\" oifname { \(others.joined(separator: ", ")) } drop")
        }
        return lines + ["\t}"]
    }

    /// "ip daddr 10.0.0.5 tcp dport 8080 dnat to 172.17.0.3:80"; without a host address, any local address.
    private static func dnatRule(_ forward: PortForward) -> String {
        let port = forward.port
        let address = port.hostIP.map { "ip daddr \($0) " } ?? ""
        let destination = "\(forward.containerIP):\(port.containerPort)"
        return "\(address)\(port.transport.rawValue) dport \(port.hostPort) dnat to \(destination)"
    }

    private static func isValidTableName(_ name: String) -> Bool {
        guard let first = name.utf8.first, isLetter(first), name.utf8.count <= 64 else { return false }
        return name.utf8.allSatisfy { isLetter($0) || isDigit($0) || $0 == UInt8(ascii: "_") }
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
