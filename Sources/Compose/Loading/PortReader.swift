/// A service's `ports` entry, short ("[IP:][HOST:]CONTAINER[/PROTOCOL]", each port a number or a
/// range "8000-8002") or long (target, published, host_ip, protocol), as one PortSpec per port.
enum PortReader {
    static func read(_ node: ComposeNode, path: String) throws -> [PortSpec] {
        if node.entries != nil {
            let target = try node["target"]?.int(path + ".target")
            guard let target else { throw node.fail(path, "a port needs a target") }
            var port = PortSpec(target: target)
            port.published = try node["published"].map { try $0.int(path + ".published") }
            port.hostIP = try node["host_ip"]?.string(path + ".host_ip")
            port.protocol = try node["protocol"]?.string(path + ".protocol") ?? "tcp"
            port.name = try node["name"]?.string(path + ".name")
            port.appProtocol = try node["app_protocol"]?.string(path + ".app_protocol")
            return [port]
        }
        let text = try node.string(path)
        let invalid = node.fail(path, "invalid port \"\(text)\": [IP:][HOST:]CONTAINER[/PROTOCOL] expected")
        let protocolParts = text.split(separator: "/", maxSplits: 1).map(String.init)
        let protocolName = protocolParts.count == 2 ? protocolParts[1] : "tcp"
        guard let address = protocolParts.first, ["tcp", "udp", "sctp"].contains(protocolName) else { throw invalid }
        // The host IP may itself hold colons only in brackets (IPv6), which minirun does not publish on.
        var parts = address.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard (1...3).contains(parts.count) else { throw invalid }
        let hostIP = parts.count == 3 ? parts.removeFirst() : nil
        guard let targets = range(parts.removeLast()) else { throw invalid }
        let published = try parts.first.map { text -> [Int]? in
            if text.isEmpty { return nil }
            guard let ports = range(text) else { throw invalid }
            return ports
        } ?? nil
        if let published, published.count != targets.count && published.count != 1 { throw invalid }
        return targets.enumerated().map { index, target in
            var port = PortSpec(target: target)
            port.published = published.map { $0.count == 1 ? $0[0] : $0[index] }
            port.hostIP = hostIP.flatMap { $0.isEmpty ? nil : $0 }
            port.protocol = protocolName
            return port
        }
    }

    /// "80" -> [80], "8000-8002" -> [8000, 8001, 8002]; nil for anything else.
    private static func range(_ text: String) -> [Int]? {
        let bounds = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        guard let low = bounds.first ?? nil, let high = bounds.last ?? nil, bounds.count <= 2,
              (1...65535).contains(low), (low...65535).contains(high) else { return nil }
        return Array(low...high)
    }
}
