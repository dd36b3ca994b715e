/// A port published with `-p [hostIP:][hostPort:]containerPort[/tcp|/udp]`: connections to hostPort on
/// the host (on hostIP only, when given) go to containerPort of the container.
public struct PublishedPort: Hashable, Sendable {
    /// The host address to publish on; nil for every address of the host (Docker shows 0.0.0.0).
    public var hostIP: IPv4Address?
    /// The host port; 0 until a port the kernel picked is filled in (`-p 80` publishes on a free port).
    public var hostPort: UInt16
    public var containerPort: UInt16
    public var transport: TransportProtocol

    /// A published port; hostIP 0.0.0.0 means every address and is stored as nil.
    public init(hostIP: IPv4Address? = nil, hostPort: UInt16, containerPort: UInt16, transport: TransportProtocol = .tcp) {
        self.hostIP = hostIP == .any ? nil : hostIP
        self.hostPort = hostPort
        self.containerPort = containerPort
        self.transport = transport
    }

    /// Parses Docker's forms: "80" (a free host port), "8080:80", "127.0.0.1:8080:80", "127.0.0.1::80",
    /// each optionally followed by "/tcp" or "/udp" (any case; tcp when absent).
    public init(parsing text: String) throws(PortParseError) {
        var rest = Substring(text)
        var transport = TransportProtocol.tcp
        if let slash = rest.firstIndex(of: "/") {
            let name = rest[rest.index(after: slash)...]
            guard let parsed = TransportProtocol(rawValue: name.lowercased()) else {
                throw .invalidProtocol(String(name))
            }
            transport = parsed
            rest = rest[..<slash]
        }
        let parts = rest.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), let containerText = parts.last, !containerText.isEmpty else {
            throw .invalidFormat(text)
        }
        var hostIP: IPv4Address?
        if parts.count == 3, !parts[0].isEmpty {
            guard let address = IPv4Address(String(parts[0])) else { throw .invalidHostIP(String(parts[0])) }
            hostIP = address
        }
        let hostPortText = parts.count > 1 ? parts[parts.count - 2] : ""
        self.init(hostIP: hostIP, hostPort: hostPortText.isEmpty ? 0 : try Self.port(hostPortText),
                  containerPort: try Self.port(containerText), transport: transport)
    }

    /// The form `init(parsing:)` reads back, with the protocol always spelled out: "127.0.0.1:8080:80/tcp",
    /// "8080:80/udp", "80/tcp" (host port still to be chosen).
    public var specification: String {
        let ports = hostPort == 0 ? "\(containerPort)" : "\(hostPort):\(containerPort)"
        guard let hostIP else { return "\(ports)/\(transport.rawValue)" }
        return "\(hostIP):\(hostPort == 0 ? ":\(containerPort)" : ports)/\(transport.rawValue)"
    }

    /// A port number from 1 to 65535 in decimal ("-1" is a number out of range, not a range).
    private static func port(_ text: Substring) throws(PortParseError) -> UInt16 {
        if text.dropFirst().contains("-") { throw .portRange(String(text)) }
        guard text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              let number = UInt16(text), number > 0
        else { throw .invalidPort(String(text)) }
        return number
    }
}

extension PublishedPort: CustomStringConvertible {
    /// As Docker's PORTS column shows it: "0.0.0.0:8080->80/tcp".
    public var description: String {
        hostAddress + "->" + exposedPort
    }

    /// The host side, "0.0.0.0:8080" (`docker port`'s address).
    public var hostAddress: String {
        "\(hostIP ?? .any):\(hostPort)"
    }

    /// The container side, "80/tcp", as an image's ExposedPorts and inspect's Ports name it.
    public var exposedPort: String {
        "\(containerPort)/\(transport.rawValue)"
    }
}

extension PublishedPort: TextCodable {
    var codingText: String { specification }
}
