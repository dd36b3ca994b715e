/// `volume create -o type=... -o device=... -o o=...` (and compose's `driver_opts`), the local
/// driver's options, as far as minirun carries them out: a volume that is a host directory
/// (`type=none`, `o=bind[,ro]`, `device=/path`), or a tmpfs (`type=tmpfs`, `device=tmpfs`,
/// `o=size=64m,uid=1000`). Docker mounts such a volume on the host when a container first uses it;
/// minirun, with no daemon to count its users, gives each container the mount itself: the
/// directory as a bind mount, a tmpfs of its own (so two containers do not share one tmpfs volume's
/// files, where Docker's share them while both run).
public enum LocalVolumeOptions: Equatable, Sendable {
    case bind(device: String, readOnly: Bool)
    case tmpfs(options: String)

    /// A bind volume's `o=ro`: its containers cannot write to it, whatever their mount says.
    public var readOnly: Bool {
        if case .bind(_, let readOnly) = self { return readOnly }
        return false
    }

    public var isTmpfs: Bool {
        if case .tmpfs = self { return true }
        return false
    }

    /// The options Docker's local driver knows, each with the ones it needs beside it.
    private static let required: [String: [String]] = ["type": ["device"], "device": ["type"], "o": ["device", "type"]]

    /// Nil for a plain volume (no options); Docker's words for an unknown or missing option.
    public init?(_ options: [String: String]) throws {
        guard !options.isEmpty else { return nil }
        for key in options.keys.sorted() {
            guard let needs = Self.required[key] else { throw RuntimeError(.invalidArgument, "invalid option key: \"\(Identifiers.printable(key))\"") }
            for other in needs where options[other] == nil {
                throw RuntimeError(.invalidArgument, "missing required option: \"\(other)\"")
            }
        }
        let type = options["type"] ?? "", device = options["device"] ?? "", flags = options["o"] ?? ""
        switch type {
        case "none":
            let words = Set(flags.split(separator: ",").map(String.init))
            guard words.contains("bind") || words.contains("rbind"), words.isSubset(of: ["bind", "rbind", "ro", "rw"]) else {
                throw RuntimeError(.invalidArgument, "invalid option o=\(Identifiers.printable(flags)): minirun mounts type=none with o=bind, and ro or rw")
            }
            guard device.hasPrefix("/") else {
                throw RuntimeError(.invalidArgument, "invalid option device=\(Identifiers.printable(device)): a bind volume's device is an absolute host path")
            }
            self = .bind(device: MountTarget.clean(device), readOnly: words.contains("ro"))
        case "tmpfs":
            try TmpfsOptions.validate(flags)
            self = .tmpfs(options: flags)
        default:
            throw RuntimeError(.invalidArgument, "invalid option type=\(Identifiers.printable(type)): minirun's local volumes mount type=none (o=bind) or type=tmpfs")
        }
    }
}
