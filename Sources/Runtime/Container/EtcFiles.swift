/// The /etc/hostname, /etc/hosts and /etc/resolv.conf a container gets, as Docker writes them.
public enum EtcFiles {
    public static let fileNames = ["hostname", "hosts", "resolv.conf"]

    static let localhostLines = """
        127.0.0.1\tlocalhost
        ::1\tlocalhost ip6-localhost ip6-loopback
        fe00::0\tip6-localnet
        ff00::0\tip6-mcastprefix
        ff02::1\tip6-allnodes
        ff02::2\tip6-allrouters

        """

    /// `entries` are (address, names) lines after the localhost block: the container's own address
    /// and hostname first, then links and peers.
    public static func hosts(entries: [(address: String, names: [String])]) -> String {
        localhostLines + hostsLines(entries)
    }

    /// One hosts line for each entry that names something.
    static func hostsLines(_ entries: [(address: String, names: [String])]) -> String {
        entries.filter { !$0.names.isEmpty }.map { $0.address + "\t" + $0.names.joined(separator: " ") + "\n" }.joined()
    }

    /// What replaces the host's values in a container's resolv.conf.
    public struct ResolverSettings: Sendable, Equatable {
        /// The network's name server (its gateway), on a user-defined network: the first nameserver.
        public var nameServer: String?
        /// --dns, --dns-search, --dns-option: each replaces the host's lines of its kind (a search
        /// of "." alone means none, as in Docker).
        public var servers: [String] = []
        public var search: [String] = []
        public var options: [String] = []

        public init(nameServer: String? = nil, servers: [String] = [], search: [String] = [], options: [String] = []) {
            self.nameServer = nameServer
            self.servers = servers
            self.search = search
            self.options = options
        }
    }

    /// The host's resolver configuration; for a container with a network namespace of its own
    /// (`hostNetwork` false), without loopback nameservers (unreachable from there) and IPv6 ones
    /// (its networks have no IPv6; Docker drops them likewise), and Google's public servers when
    /// none is left, as Docker does. `settings`
    /// replace the host's nameserver, search and options lines; on a user-defined network the
    /// network's name server comes first, and --dns servers after it are tried only when it does
    /// not answer (one responder serves the whole network, and forwards to the host's resolvers).
    public static func resolvConf(host: String, hostNetwork: Bool, settings: ResolverSettings = ResolverSettings()) -> String {
        let ownServers = (settings.nameServer.map { [$0] } ?? []) + settings.servers
        var lines: [String] = []
        var nameservers = 0
        for line in host.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            switch fields.first {
            case "nameserver":
                if fields.count < 2 || !ownServers.isEmpty { continue }
                let server = fields[1]
                if !hostNetwork && (server.hasPrefix("127.") || server.contains(":")) { continue }
                nameservers += 1
            case "search", "domain":
                if !settings.search.isEmpty { continue }
            case "options":
                if !settings.options.isEmpty { continue }
            default:
                break
            }
            lines.append(String(line))
        }
        var text = lines.joined(separator: "\n")
        if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
        for server in ownServers { text += "nameserver \(server)\n" }
        if nameservers == 0 && ownServers.isEmpty {
            text += "nameserver 8.8.8.8\nnameserver 8.8.4.4\n"
        }
        if !settings.search.isEmpty && settings.search != ["."] { text += "search " + settings.search.joined(separator: " ") + "\n" }
        if !settings.options.isEmpty { text += "options " + settings.options.joined(separator: " ") + "\n" }
        return text
    }
}
