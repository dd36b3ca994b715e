import Netns

extension Engine {
    /// Rewrites this root's nftables table from the current state, as one transaction: masquerade
    /// and isolation for every network (they come and go with their bridges, like Docker's rules for
    /// docker0), DNAT for every published port of a running container. No network, no table.
    /// Serialised so that the last writer saw everything. Starting a container without -p never
    /// runs nft: that keeps a bridged start fast.
    func applyFirewall() throws {
        let lock = try FileLock(root.locks + "/firewall")
        defer { lock.unlock() }
        let running = listContainers().filter { $0.state.status == .running }
        let bridges = networks.list().map {
            FirewallRuleset.Bridge(name: $0.bridge, subnet: $0.subnet, isInternal: $0.isInternal, masquerades: $0.options.masquerade)
        }
        var forwards: [FirewallRuleset.PortForward] = []
        for record in running {
            guard let interface = publishingInterface(record) else { continue }
            forwards += record.state.ports.map { FirewallRuleset.PortForward($0, to: interface.address, on: interface.bridge) }
        }
        explainer.phase(.network)
        do {
            let ruleset = try FirewallRuleset(tableName: root.firewallTable, bridges: bridges, portForwards: forwards)
            if !ruleset.isEmpty {
                let sysctl = Sysctl()
                if try sysctl.enableIPv4Forwarding() {
                    explainer.note("let the host route between its bridges and out (containers reach other networks)")
                    explainer.command("sysctl -w net.ipv4.ip_forward=1")
                }
                // Connections to 127.0.0.1 published ports leave through the bridge with a loopback source.
                if !forwards.isEmpty {
                    explainer.note("on the host: let connections to 127.0.0.1 published ports leave through the bridge")
                }
                for bridge in Set(forwards.map(\.bridge)).sorted() {
                    explainer.command("sysctl -w net.ipv4.conf.\(bridge).route_localnet=1")
                    try sysctl.enableRouteLocalnet(on: bridge)
                }
            }
            explainer.note(ruleset.isEmpty ? "no network is left: minirun's firewall table goes" : "minirun's firewall table, replaced as a whole")
            explainer.command(Firewall().explanation(of: ruleset))
            try Firewall().apply(ruleset)
        } catch {
            throw RuntimeError(.system, "firewall", cause: error)
        }
    }

    func removeFirewall() throws {
        do {
            try Firewall().removeTable(named: root.firewallTable)
        } catch {
            throw RuntimeError(.system, "firewall", cause: error)
        }
    }

    /// The interface a container's published ports lead to: its first on a network that is not
    /// internal (as Docker's gateway endpoint); none when every network it is on is internal.
    func publishingInterface(_ record: ContainerRecord) -> ContainerInterface? {
        let name = record.config.networks.first { record.state.interfaces[$0] != nil && !isInternal(network: $0) }
        return name.flatMap { record.state.interfaces[$0] }
    }

    /// The ports a start publishes: none when the container is only on internal networks, as Docker
    /// does (nothing outside may reach them; the ports are not even held). A port without a host
    /// address takes the host_binding_ipv4 of the network it leads to, as Docker's bridge driver gives it.
    func portsToPublish(_ config: ContainerConfig) -> [PublishedPort] {
        let ports = config.portsToPublish
        guard !ports.isEmpty, case .network = config.network, !config.networks.isEmpty else { return ports }
        // A network with no record yet is the default bridge before its first start made it: not internal.
        let records = config.networks.map { (try? networks.load($0)) ?? nil }
        guard let publishing = records.first(where: { $0?.isInternal != true }) else { return [] }
        guard let binding = publishing?.options.hostBindingAddress else { return ports }
        return ports.map { port in
            var port = port
            if port.hostIP == nil { port.hostIP = binding }
            return port
        }
    }

    func isInternal(network name: String) -> Bool {
        ((try? networks.load(name)) ?? nil)?.isInternal ?? false
    }

    /// Whether starting or stopping `record` changes the table: only published ports do.
    func changesFirewall(_ record: ContainerRecord) -> Bool {
        !record.state.ports.isEmpty
    }
}
