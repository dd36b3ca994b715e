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
        var text = localhostLines
        for entry in entries where !entry.names.isEmpty {
            text += entry.address + "\t" + entry.names.joined(separator: " ") + "\n"
        }
        return text
    }

    /// The host's resolver configuration without loopback nameservers (unreachable from a container's
    /// own network namespace); Google's public servers when none is left, as Docker does.
    public static func resolvConf(host: String, keepLoopback: Bool) -> String {
        var lines: [String] = []
        var nameservers = 0
        for line in host.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if fields.first == "nameserver" {
                if fields.count < 2 { continue }
                let server = fields[1]
                if !keepLoopback && (server.hasPrefix("127.") || server == "::1") { continue }
                nameservers += 1
            }
            lines.append(String(line))
        }
        var text = lines.joined(separator: "\n")
        if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
        if nameservers == 0 {
            text += "nameserver 8.8.8.8\nnameserver 8.8.4.4\n"
        }
        return text
    }
}
