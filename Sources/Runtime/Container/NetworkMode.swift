/// How a container is networked, as `--net` names it.
public enum NetworkMode: Codable, Sendable, Equatable, CustomStringConvertible {
    /// Only a loopback interface.
    case none
    /// The host's network namespace.
    case host

    public init(parsing text: String) throws {
        switch text {
        case "none": self = .none
        case "host": self = .host
        default:
            throw RuntimeError("network \(Identifiers.printable(text)) not found", exitCode: 125)
        }
    }

    public var description: String {
        switch self {
        case .none: return "none"
        case .host: return "host"
        }
    }

    public init(from decoder: Decoder) throws {
        self = try NetworkMode(parsing: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Whether the container gets a network namespace of its own.
    public var hasOwnNamespace: Bool { self != .host }
}
