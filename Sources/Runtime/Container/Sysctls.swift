/// `--sysctl KEY=VALUE`: kernel parameters of the container's own namespaces, written in its
/// /proc/sys before that is made read-only. Only those Docker's CLI allows: they change the
/// container's network, IPC or message-queue namespace, never the host's kernel.
public enum Sysctls {
    static let allowedKeys: Set<String> = [
        "kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem", "kernel.shmall", "kernel.shmmax", "kernel.shmmni",
        "kernel.shm_rmid_forced",
    ]
    static let allowedPrefixes = ["net.", "fs.mqueue."]

    /// Docker's defaults in a network namespace of the container's own (moby's WithNamespaces): any
    /// user may open an ICMP echo socket and bind a port below 1024, as without a namespace only
    /// CAP_NET_RAW and CAP_NET_BIND_SERVICE could. A --sysctl of the same key wins.
    public static let ownNetworkDefaults: [(key: String, value: String)] = [
        ("net.ipv4.ping_group_range", "0 2147483647"), ("net.ipv4.ip_unprivileged_port_start", "0"),
    ]

    /// Parses the flags as Docker's CLI does (the value is everything after the first "="; a later
    /// key replaces an earlier one) and refuses a key outside the namespaced ones.
    public static func parse(_ texts: [String]) throws -> [String: String] {
        var sysctls: [String: String] = [:]
        for text in texts {
            let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2, isAllowed(parts[0]), !parts[0].contains("/"), !parts[0].contains("..") else {
                let shown = Identifiers.printable(text)
                throw RuntimeError(.invalidArgument, "invalid argument \"\(shown)\" for \"--sysctl\" flag: sysctl '\(shown)' is not allowed")
            }
            sysctls[parts[0]] = parts[1]
        }
        return sysctls
    }

    static func isAllowed(_ key: String) -> Bool {
        allowedKeys.contains(key) || allowedPrefixes.contains { key.hasPrefix($0) }
    }

    /// A network parameter needs a network namespace the container made or joined, as runc says.
    static func checkNetworkNamespace(_ sysctls: [String: String], network: NetworkMode) throws {
        guard case .host = network, let key = sysctls.keys.sorted().first(where: { $0.hasPrefix("net.") }) else { return }
        throw RuntimeError(.invalidArgument, "sysctl \"\(Identifiers.printable(key))\" not allowed in host network namespace")
    }

    /// /proc/sys's file of `key`: its dots are the path's slashes.
    static func path(of key: String) -> String {
        "/proc/sys/" + key.split(separator: ".").joined(separator: "/")
    }
}
