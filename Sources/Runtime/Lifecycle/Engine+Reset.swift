import Netns

extension Engine {
    /// `system reset`: back to an empty state root - every container (stopped by force, also one whose
    /// record is damaged), every network with its bridge (the default one too), the firewall table and
    /// every image. It goes on past what fails, and then fails naming everything left.
    public func reset() throws {
        var left: [String] = []
        func attempt(_ what: String, _ body: () throws -> Void) {
            do { try body() } catch { left.append("\(what) (\(error))") }
        }
        let listing = containerListing()
        for record in listing.records {
            attempt("container \(record.name)") { try remove(record.id, force: true) }
        }
        for container in listing.damaged {
            attempt("container \(container.name ?? Identifiers.short(container.id))") { try remove(container.id, force: true) }
        }
        attempt("spare container directories") { try containers.removeSpares() }
        attempt("networks") {
            let lock = try networks.lock()
            defer { lock.unlock() }
            let host = try NetlinkSession()
            for network in networks.list() {
                attempt("network \(network.name)") {
                    try BridgeSetup.remove(bridge: network.bridge, session: host, explainer: explainer)
                    try networks.remove(network.name)
                }
            }
            try FileLock.with(StateRoot.hostLock) { try HostRegistry.record(root, bridges: []) }
            try removeFirewall()
        }
        // Every container is gone: every image goes, with the build cache and what killed loads and
        // pulls left.
        attempt("images") {
            try images.emptyBuildCache()
            _ = try images.prune(all: true, users: [:])
            _ = try DownloadArea(root: root).prune()
        }
        left += containers.ids().map { "container directory \(containers.directory($0))" }
        if !left.isEmpty {
            throw RuntimeError(.system, "system reset left: " + left.joined(separator: "; "))
        }
    }
}
