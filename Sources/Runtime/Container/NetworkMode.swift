/// How a container is networked, as `--net`/`--network` names it.
public enum NetworkMode: Codable, Sendable, Equatable, CustomStringConvertible {
    /// Attached to bridge networks: "bridge" (the default one) or user-defined ones by name.
    case network(String)
    /// The host's network namespace.
    case host
    /// Only a loopback interface.
    case none
    /// Another container's network namespace, by ID.
    case container(String)

    public static let defaultNetwork = "bridge"

    /// `bridge`, `host`, `none`, `container:NAME|ID` or a network name (checked when the container starts).
    public init(parsing text: String) throws {
        switch text {
        case "", "default", "bridge": self = .network(Self.defaultNetwork)
        case "host": self = .host
        case "none": self = .none
        default:
            if text.hasPrefix("container:") {
                let target = String(text.dropFirst(10))
                guard !target.isEmpty else { throw RuntimeError(.invalidArgument, "invalid container format container:<name|id>") }
                self = .container(target)
            } else {
                try Identifiers.validateName(text, kind: "network")
                self = .network(text)
            }
        }
    }

    public var description: String {
        switch self {
        case .network(let name): return name
        case .host: return "host"
        case .none: return "none"
        case .container(let id): return "container:" + id
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
    public var hasOwnNamespace: Bool {
        switch self {
        case .network, .none: return true
        case .host, .container: return false
        }
    }
}
