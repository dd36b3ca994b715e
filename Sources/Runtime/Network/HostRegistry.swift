import Netns

/// Bridges and firewall tables live in the kernel, which every state root shares. A root deleted
/// without `system reset` (a test's or an acceptance run's temporary root, say) would leave them
/// behind for good, so each root lists its own in /run/minirun-roots/<tag>.json, and whenever a
/// minirun makes a network it removes those of roots whose directory is gone. Only what a registry
/// entry names is ever removed: nothing minirun did not make.
enum HostRegistry {
    static let directory = "/run/minirun-roots"

    struct Entry: Codable {
        var root: String
        var table: String
        var bridges: [String]
    }

    static func path(for root: StateRoot) -> String {
        directory + "/" + (root.isDefault ? "default" : root.hostTag) + ".json"
    }

    /// Records the root's bridges and table (called with the host lock held).
    static func record(_ root: StateRoot, bridges: [String]) throws {
        try FileSystem.makeDirectories(directory, mode: 0o700)
        if bridges.isEmpty {
            FileSystem.remove(path(for: root))
            return
        }
        let entry = Entry(root: root.data, table: root.firewallTable, bridges: bridges)
        try FileSystem.writeAtomically(path(for: root), try StateJSON.encode(entry), mode: 0o600)
    }

    /// Removes the bridges and table of every root that no longer exists (called with the host lock held).
    static func removeOrphans(session: NetlinkSession, explainer: Explainer) {
        for file in FileSystem.list(directory) where file.hasSuffix(".json") {
            let path = directory + "/" + file
            guard let bytes = try? FileSystem.read(path), let entry = try? StateJSON.decode(Entry.self, from: bytes),
                  !FileSystem.exists(entry.root)
            else { continue }
            explainer.note("\(entry.root) is gone: its bridges and firewall table go too")
            for bridge in entry.bridges {
                try? BridgeSetup.remove(bridge: bridge, session: session, explainer: explainer)
            }
            try? Firewall().removeTable(named: entry.table)
            FileSystem.remove(path)
        }
    }
}
