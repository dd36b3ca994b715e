/// How a container is confined beyond Docker's defaults: `--cap-add`, `--cap-drop`, `--privileged`,
/// `--security-opt seccomp=...` and `--security-opt no-new-privileges`.
public struct SecurityOptions: Codable, Sendable, Equatable {
    public enum Seccomp: Codable, Sendable, Equatable {
        /// Docker's default profile.
        case `default`
        case unconfined
        /// A profile read from a file when the container was created (kept, so a restart uses the same).
        case profile(SeccompProfile)
    }

    public var capAdd: [String] = []
    public var capDrop: [String] = []
    public var privileged = false
    public var seccomp: Seccomp = .default
    public var noNewPrivileges = false

    public init() {}

    /// Reads `--security-opt` values: seccomp=unconfined|PATH, no-new-privileges[=true|false].
    public mutating func apply(securityOption text: String) throws {
        let separator: Character = text.contains("=") ? "=" : ":"
        let parts = text.split(separator: separator, maxSplits: 1).map(String.init)
        switch (parts.first, parts.count) {
        case ("seccomp", 2):
            seccomp = parts[1] == "unconfined" ? .unconfined : .profile(try SeccompProfile.load(path: parts[1]))
        case ("no-new-privileges", 1):
            noNewPrivileges = true
        case ("no-new-privileges", 2) where parts[1] == "true" || parts[1] == "false":
            noNewPrivileges = parts[1] == "true"
        default:
            throw RuntimeError(.invalidArgument, "invalid --security-opt: \(Identifiers.printable(text))")
        }
    }

    /// The capability mask of the container's processes: Docker's default 14, then the drops, then the
    /// adds ("ALL" in either); with --privileged every capability `available` holds.
    public func capabilityMask(available: UInt64) throws -> UInt64 {
        if privileged { return available }
        var mask = Capabilities.defaultMask
        for name in capDrop {
            if name.uppercased() == "ALL" { mask = 0 } else { mask &= ~(try bit(name)) }
        }
        for name in capAdd {
            if name.uppercased() == "ALL" { mask = available } else { mask |= try bit(name) }
        }
        return mask & available
    }

    /// Checks names without computing anything (for `create`).
    public func validate() throws {
        for name in capAdd + capDrop where name.uppercased() != "ALL" { _ = try bit(name) }
    }

    private func bit(_ name: String) throws -> UInt64 {
        guard let number = Capabilities.number(name) else {
            throw RuntimeError(.invalidArgument, "unknown capability: \"\(Identifiers.printable(name))\"")
        }
        return 1 << UInt64(number)
    }
}
