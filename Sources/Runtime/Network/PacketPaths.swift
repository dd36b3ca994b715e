import Netns

/// `network diagram --paths`: for each published port, the four ways a connection reaches it - from
/// the host itself, from another host, from a container through its gateway, from a container on
/// another network - each with the chain and rule of minirun's table it takes and the sysctl it
/// needs. The rules are those the kernel holds (`FirewallListing`), looked up per port, so a rule that
/// is missing shows as missing; the sysctls are read as they are now.
public struct PacketPaths {
    /// A published port of a running container, where its DNAT sends it.
    public struct Published {
        public var container: String
        public var port: PublishedPort
        public var address: IPv4Address
        public var network: NetworkRecord

        public init(container: String, port: PublishedPort, address: IPv4Address, network: NetworkRecord) {
            self.container = container
            self.port = port
            self.address = address
            self.network = network
        }
    }

    let table: String
    /// minirun's table as listed by nft; nil when there is none.
    let listing: FirewallListing?
    let networks: [NetworkRecord]
    /// A sysctl's current value by its name ("net.ipv4.ip_forward"), nil when it cannot be read.
    let sysctl: (String) -> String?

    public init(table: String, listing: FirewallListing?, networks: [NetworkRecord], sysctl: @escaping (String) -> String?) {
        self.table = table
        self.listing = listing
        self.networks = networks
        self.sysctl = sysctl
    }

    public func render(_ published: [Published]) -> String {
        guard !published.isEmpty else {
            return "No running container publishes a port (-p HOST:CONTAINER), so no packet takes these paths.\n"
        }
        return published.map(render).joined(separator: "\n")
    }

    private func render(_ item: Published) -> String {
        let port = item.port
        var lines = ["\(item.container) publishes \(port): table \(table) sends it to \(item.address):\(port.containerPort) on \(item.network.bridge)"]
        guard let listing else {
            return (lines + ["  table \(table) does not exist: nothing is translated, no path reaches \(item.container)"]).joined(separator: "\n") + "\n"
        }
        guard let dnat = dnatRule(for: item, in: listing) else {
            return (lines + ["  no rule of table \(table) translates \(port.transport.rawValue) port \(port.hostPort): no path reaches \(item.container)"])
                .joined(separator: "\n") + "\n"
        }
        let loopbackOnly = port.hostIP.map { $0.description.hasPrefix("127.") } ?? false
        let destination = "\(item.container) \(item.address):\(port.containerPort)"

        lines.append("")
        let hostTarget = port.hostIP.map(\.description) ?? "127.0.0.1"
        var fromHost = [jump(from: "output", to: dnat, in: listing), dnat.hop]
        if port.hostIP == nil || loopbackOnly {
            fromHost.append(masquerade(leaving: item.network, from: "127.0.0.0/8", in: listing))
        }
        lines += path(1, "From the host itself, to \(hostTarget):\(port.hostPort)", fromHost, via: item.network.bridge, to: destination,
                      needs: port.hostIP == nil || loopbackOnly ? [routeLocalnet(item.network.bridge)] : [])

        let reachable = !loopbackOnly
        let closed = "published on \(port.hostIP.map(\.description) ?? "") only: not reachable this way"
        lines.append("")
        lines += reachable
            ? path(2, "From another host, to one of this host's addresses, port \(port.hostPort)",
                   [jump(from: "prerouting", to: dnat, in: listing), dnat.hop] + forward(from: nil, to: item.network, in: listing),
                   via: item.network.bridge, to: destination, needs: [ipForward])
            : ["2. From another host: \(closed)"]

        let gateway = port.hostIP.map(\.description) ?? item.network.gateway.description
        lines.append("")
        lines += reachable
            ? path(3, "From a container on \(item.network.name), through its gateway, to \(gateway):\(port.hostPort)",
                   [jump(from: "prerouting", to: dnat, in: listing), dnat.hop] + forward(from: item.network, to: item.network, in: listing)
                   + [masquerade(leaving: item.network, from: item.network.subnet.description, in: listing)],
                   via: item.network.bridge, to: destination, needs: [ipForward])
            : ["3. From a container through its gateway: \(closed)"]

        lines.append("")
        if !reachable {
            lines.append("4. From a container on another network: \(closed)")
        } else if let other = networks.first(where: { $0.name != item.network.name }) {
            let otherGateway = port.hostIP.map(\.description) ?? other.gateway.description
            lines += path(4, "From a container on \(other.name), through its gateway, to \(otherGateway):\(port.hostPort)",
                          [jump(from: "prerouting", to: dnat, in: listing), dnat.hop] + forward(from: other, to: item.network, in: listing)
                          + [outboundMasquerade(of: other, in: listing)],
                          via: item.network.bridge, to: destination, needs: [ipForward])
        } else {
            lines.append("4. From a container on another network: there is none (make one with minirun network create)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: the hops, looked up in the live rules

    /// One step of a path: the chain (with its hook) and the rule that matches, or why none does.
    struct Hop {
        var label: String
        var rule: String
        /// False when the packet stops here.
        var passes: Bool
    }

    private struct Dnat {
        var chain: FirewallListing.Chain
        var rule: String
        var hop: Hop
    }

    private func label(_ chain: FirewallListing.Chain) -> String {
        guard let hook = chain.hook else { return chain.name }
        let hooked = "\(chain.type ?? "") \(hook)"
        return chain.name == hook ? hooked : "\(chain.name) (\(hooked))"
    }

    private func dnatRule(for item: Published, in listing: FirewallListing) -> Dnat? {
        let port = item.port
        for chain in listing.chains {
            for rule in chain.rules {
                let words = rule.split(separator: " ").map(String.init)
                guard words.contains("dnat"), rule.contains("\(port.transport.rawValue) dport \(port.hostPort) "),
                      rule.hasSuffix("dnat to \(item.address):\(port.containerPort)"),
                      port.hostIP.map({ rule.contains("ip daddr \($0) ") }) ?? !rule.contains("ip daddr ")
                else { continue }
                return Dnat(chain: chain, rule: rule, hop: Hop(label: label(chain), rule: rule, passes: true))
            }
        }
        return nil
    }

    /// The rule of a chain on `hook` that sends the packet to the DNAT rule's chain (or the DNAT rule
    /// itself, when it sits in a hooked chain).
    private func jump(from hook: String, to dnat: Dnat, in listing: FirewallListing) -> Hop {
        if dnat.chain.hook == hook { return Hop(label: label(dnat.chain), rule: "(the DNAT rule below)", passes: true) }
        for chain in listing.chains(hookedTo: hook) where chain.type == "nat" {
            if let rule = chain.rules.first(where: { $0.hasSuffix("jump \(dnat.chain.name)") || $0.hasSuffix("goto \(dnat.chain.name)") }) {
                return Hop(label: label(chain), rule: rule, passes: true)
            }
        }
        return Hop(label: "nat \(hook)", rule: "no rule jumps to \(dnat.chain.name): not translated", passes: false)
    }

    /// The masquerade of DNATed connections from `source` that leave through the network's bridge.
    private func masquerade(leaving network: NetworkRecord, from source: String, in listing: FirewallListing) -> Hop {
        for chain in listing.chains(hookedTo: "postrouting") {
            if let rule = chain.rules.first(where: {
                $0.contains("oifname \"\(network.bridge)\"") && $0.contains("ct status dnat") && $0.contains(source) && $0.hasSuffix("masquerade")
            }) {
                return Hop(label: label(chain), rule: rule, passes: true)
            }
        }
        return Hop(label: "nat postrouting", rule: "no masquerade for \(source): the reply would not come back through the host", passes: false)
    }

    /// The masquerade of `network`'s traffic leaving its bridge for another interface.
    private func outboundMasquerade(of network: NetworkRecord, in listing: FirewallListing) -> Hop {
        for chain in listing.chains(hookedTo: "postrouting") {
            if let rule = chain.rules.first(where: {
                $0.contains("ip saddr \(network.subnet)") && $0.contains("oifname != \"\(network.bridge)\"") && $0.hasSuffix("masquerade")
            }) {
                return Hop(label: label(chain), rule: rule, passes: true)
            }
        }
        return Hop(label: "nat postrouting", rule: "no masquerade for \(network.subnet) (replies still find their way)", passes: true)
    }

    /// The forward chain's verdict for a DNATed connection from `source`'s bridge (nil: another host)
    /// to `target`'s: the accept of DNATed connections, and whether it comes before an isolation drop.
    private func forward(from source: NetworkRecord?, to target: NetworkRecord, in listing: FirewallListing) -> [Hop] {
        let chains = listing.chains(hookedTo: "forward")
        guard !chains.isEmpty else {
            return [Hop(label: "filter forward", rule: "(no forward chain in table \(table): with one network there is nothing to isolate)", passes: true)]
        }
        for chain in chains {
            let accept = chain.rules.firstIndex { $0.contains("ct status dnat") && $0.hasSuffix("accept") }
            let drop = source.flatMap { source in
                source.name == target.name ? nil : chain.rules.firstIndex {
                    $0.contains("iifname \"\(source.bridge)\"") && $0.contains("\"\(target.bridge)\"") && $0.hasSuffix("drop")
                }
            }
            if let accept, drop.map({ accept < $0 }) ?? true {
                var hops = [Hop(label: label(chain), rule: chain.rules[accept], passes: true)]
                if let drop { hops.append(Hop(label: "", rule: "(ahead of the isolation rule \(chain.rules[drop]))", passes: true)) }
                return hops
            }
            if let drop { return [Hop(label: label(chain), rule: chain.rules[drop], passes: false)] }
        }
        return []
    }

    // MARK: sysctls

    private struct Need {
        var name: String
        var why: String
    }

    private var ipForward: Need {
        Need(name: "net.ipv4.ip_forward", why: "the host routes between its interfaces")
    }

    private func routeLocalnet(_ bridge: String) -> Need {
        Need(name: "net.ipv4.conf.\(bridge).route_localnet", why: "127.0.0.1 may be routed out of the bridge")
    }

    // MARK: layout

    private func path(_ number: Int, _ title: String, _ hops: [Hop], via bridge: String, to destination: String, needs: [Need]) -> [String] {
        var lines = ["\(number). \(title)"]
        let width = hops.map(\.label.count).max() ?? 0
        var reached = true
        for hop in hops {
            lines.append("   " + hop.label + String(repeating: " ", count: width - hop.label.count + 3) + hop.rule)
            if !hop.passes {
                reached = false
                break
            }
        }
        lines.append(reached ? "   then \(bridge) -> \(destination)" : "   so it does not reach \(destination)")
        for need in needs {
            let value = sysctl(need.name) ?? "unreadable"
            lines.append("   needs \(need.name)=1 (\(need.why)): it is \(value)" + (value == "1" ? "" : ", so this path is closed"))
        }
        return lines
    }
}
