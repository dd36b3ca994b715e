/// `network diagram`: the host, each bridge with its address, each veth pair and the container at
/// its other end, drawn in the terminal.
public enum NetworkDiagram {
    public static func render(networks: [NetworkRecord], containers: [ContainerRecord], firewallTable: String) -> String {
        var lines = ["host (routes between its bridges and out; nftables table \(firewallTable) masquerades and publishes ports)"]
        let running = containers.filter { $0.state.status == .running }
        for (n, network) in networks.enumerated() {
            let lastNetwork = n == networks.count - 1
            lines.append("│")
            lines.append((lastNetwork ? "└── " : "├── ") + "\(network.bridge)  \(network.gateway)/\(network.subnet.prefixLength)  network \"\(network.name)\"" + (network.isDefault ? " (default)" : ""))
            let members = running.compactMap { record in record.state.interfaces[network.name].map { (record, $0) } }
                .sorted { $0.1.address < $1.1.address }
            let indent = lastNetwork ? "    " : "│   "
            if members.isEmpty { lines.append(indent + "└── (no containers)") }
            for (m, (record, interface)) in members.enumerated() {
                let branch = m == members.count - 1 ? "└── " : "├── "
                var line = "\(interface.hostVeth) ═══ \(interface.name)  \(record.name)  \(interface.address)  \(interface.macAddress)"
                if !record.state.ports.isEmpty && network.name == record.config.networks.first {
                    line += "  published " + record.state.ports.map(\.description).joined(separator: ", ")
                }
                lines.append(indent + branch + line)
            }
        }
        let others = running.filter { if case .network = $0.config.network { return false } else { return true } }
        if !others.isEmpty {
            lines.append("")
            let names = Dictionary(containers.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
            for record in others {
                if case .container(let id) = record.config.network {
                    lines.append("\(record.name): --net=container:\(names[id] ?? Identifiers.short(id)) (shares its network namespace)")
                } else {
                    lines.append("\(record.name): --net=\(record.config.network)")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
