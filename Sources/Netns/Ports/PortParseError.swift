/// Why a `-p` specification such as "8080:80/tcp" is not valid.
public enum PortParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Not of the form [hostIP:][hostPort:]containerPort[/proto].
    case invalidFormat(String)
    /// A port that is not a number from 1 to 65535.
    case invalidPort(String)
    /// A range such as 8000-8010, which Docker accepts and minirun does not.
    case portRange(String)
    /// A protocol other than tcp or udp.
    case invalidProtocol(String)
    /// A host address that is not dotted-decimal IPv4.
    case invalidHostIP(String)
    /// Two publications that need the same host port on the same address (the first, then the second).
    case conflict(String, String)

    public var description: String {
        switch self {
        case .invalidFormat(let text):
            return "invalid port specification \"\(text)\": expected [hostIP:][hostPort:]containerPort[/tcp|/udp]"
        case .invalidPort(let text):
            return "invalid port \(text): ports must be 1-65535"
        case .portRange(let text):
            return "invalid port \(text): port ranges are not supported, publish each port on its own"
        case .invalidProtocol(let text):
            return "invalid protocol \"\(text)\": expected tcp or udp"
        case .invalidHostIP(let text):
            return "invalid host IP \"\(text)\": expected an IPv4 address such as 127.0.0.1"
        case .conflict(let first, let second):
            return "conflicting port publications -p \(first) and -p \(second): a host port goes to one container port only"
        }
    }
}
