extension PublishedPort {
    /// `-p` given several times, as Docker takes it: the same publication twice counts once, and two
    /// that need one host port on one address (every address overlaps each) are refused before
    /// anything exists. Ports the kernel picks (`-p 80 -p 80`) never clash: each gets its own.
    public static func distinct(_ ports: [PublishedPort]) throws(PortParseError) -> [PublishedPort] {
        var kept: [PublishedPort] = []
        for port in ports {
            if port.hostPort != 0 && kept.contains(port) { continue }
            if let other = kept.first(where: port.needsTheHostPort(of:)) {
                throw .conflict(other.specification, port.specification)
            }
            kept.append(port)
        }
        return kept
    }

    private func needsTheHostPort(of other: PublishedPort) -> Bool {
        hostPort != 0 && hostPort == other.hostPort && transport == other.transport
            && (hostIP == nil || other.hostIP == nil || hostIP == other.hostIP)
    }
}
