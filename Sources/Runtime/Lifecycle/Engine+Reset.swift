extension Engine {
    /// `system reset`: back to an empty state root - every container (stopped by force), every network
    /// with its bridge (the default one too), the firewall table and every image.
    public func reset() throws {
        for record in listContainers() {
            _ = try remove(record.id, force: true)
        }
        try containers.removeSpares()
        let lock = try networks.lock()
        defer { lock.unlock() }
        let host = try NetlinkSession()
        for network in networks.list() {
            try BridgeSetup.remove(bridge: network.bridge, session: host, explainer: explainer)
            try networks.remove(network.name)
        }
        try FileLock.with(StateRoot.hostLock) { try HostRegistry.record(root, bridges: []) }
        try removeFirewall()
        for image in try images.list() {
            _ = try images.remove(image.id, users: [:])
        }
        try images.removeLeftovers()
    }
}
