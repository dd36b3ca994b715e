/// `--pid`, `--ipc`, `--uts` and `--cgroupns` as Docker names their modes: "" (or, for IPC, "private",
/// "shareable" or "none") for a namespace of the container's own - Docker's default - "host" for
/// the host's, and for PID and IPC "container:NAME" for another container's (its ID once the
/// container is created; for IPC one made `shareable`).
public struct NamespaceMode: Codable, Sendable, Equatable, CustomStringConvertible, HasEmptyValue {
    public enum Kind: String, Sendable {
        case pid = "PID", ipc = "IPC", uts = "UTS", cgroup = "CGROUP"

        /// The flag that takes the mode.
        var flag: String { self == .cgroup ? "--cgroupns" : "--" + rawValue.lowercased() }

        /// The names of a namespace of the container's own.
        var ownModes: [String] {
            switch self {
            case .pid, .uts: return [""]
            case .ipc: return ["", "private", "shareable", "none"]
            case .cgroup: return ["", "private"]
            }
        }
        var joinsContainers: Bool { self == .pid || self == .ipc }
    }

    public let description: String

    /// The container's own namespace.
    public init() { description = "" }

    private init(_ text: String) { description = text }

    /// Docker CLI's check, with its message ("--pid: invalid PID mode").
    public init(parsing text: String, kind: Kind) throws {
        let target = text.hasPrefix("container:") ? text.dropFirst(10) : nil
        guard kind.ownModes.contains(text) || text == "host" || (kind.joinsContainers && target?.isEmpty == false) else {
            throw RuntimeError(.invalidArgument, "\(kind.flag): invalid \(kind.rawValue) mode")
        }
        description = text
    }

    public static let host = NamespaceMode("host")

    public static func container(_ id: String) -> NamespaceMode { NamespaceMode("container:" + id) }

    public var isHost: Bool { description == "host" }

    /// IPC: a namespace of its own that others may join, its /dev/shm mounted on the host for them.
    public var isShareable: Bool { description == "shareable" }

    /// The container whose namespace this is, as named.
    public var container: String? { description.hasPrefix("container:") ? String(description.dropFirst(10)) : nil }

    /// A namespace of the container's own.
    public var isOwn: Bool { !isHost && container == nil }

    public init(from decoder: Decoder) throws {
        description = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
