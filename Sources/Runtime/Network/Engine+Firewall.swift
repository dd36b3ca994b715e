extension Engine {
    /// Rewrites this root's nftables table from the current state, as one transaction: masquerade
    /// and isolation for every network a running container uses, DNAT for every published port.
    /// No running container, no table. Serialised so that the last writer saw everything.
    func applyFirewall() throws {
        let lock = try FileLock(root.locks + "/firewall")
        defer { lock.unlock() }
        let running = listContainers().filter { $0.state.status == .running }
        let active = Set(running.flatMap { $0.state.interfaces.keys })
        let bridges = networks.list().filter { active.contains($0.name) }.map { FirewallRuleset.Bridge(name: $0.bridge, subnet: $0.subnet) }
        var forwards: [FirewallRuleset.PortForward] = []
        for record in running {
            guard let interface = primaryInterface(record) else { continue }
            forwards += record.state.ports.map { FirewallRuleset.PortForward($0, to: interface.address, on: interface.bridge) }
        }
        do {
            let ruleset = try FirewallRuleset(tableName: root.firewallTable, bridges: bridges, portForwards: forwards)
            if !ruleset.isEmpty {
                let sysctl = Sysctl()
                if try sysctl.enableIPv4Forwarding() {
                    explainer.note("let the host route between its bridges and out (containers reach other networks)")
                    explainer.command("sysctl -w net.ipv4.ip_forward=1")
                }
                // Connections to 127.0.0.1 published ports leave through the bridge with a loopback source.
                for bridge in Set(forwards.map(\.bridge)).sorted() {
                    explainer.command("sysctl -w net.ipv4.conf.\(bridge).route_localnet=1")
                    try sysctl.enableRouteLocalnet(on: bridge)
                }
            }
            explainer.note(ruleset.isEmpty ? "no container runs: minirun's firewall table goes" : "minirun's firewall table, replaced as a whole")
            explainer.command(Firewall().explanation(of: ruleset))
            try Firewall().apply(ruleset)
        } catch {
            throw RuntimeError("firewall: \(error)", exitCode: 125)
        }
    }

    func removeFirewall() throws {
        do {
            try Firewall().removeTable(named: root.firewallTable)
        } catch {
            throw RuntimeError("firewall: \(error)")
        }
    }

    /// Whether starting or stopping `record` changes the table: it publishes ports, or it is the
    /// only running container on one of its networks (the network's rules come or go with it).
    func changesFirewall(_ record: ContainerRecord) -> Bool {
        if !record.state.ports.isEmpty { return true }
        let others = listContainers().filter { $0.id != record.id && $0.state.status == .running }
        return record.state.interfaces.keys.contains { name in !others.contains { $0.state.interfaces[name] != nil } }
    }
}
