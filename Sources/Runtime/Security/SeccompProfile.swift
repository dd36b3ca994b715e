/// A seccomp profile in Docker's JSON format (moby's profiles/seccomp Seccomp type: runtime-spec's
/// LinuxSeccomp plus `archMap` and conditional `syscalls`), as `--security-opt seccomp=PROFILE.json`
/// takes it. Syscalls no rule matches get `defaultAction`.
///
/// Refused when decoding, each with a one-line reason: unknown actions, operators and architectures,
/// both `architectures` and `archMap` (as Docker does), and what minirun cannot honour: SCMP_ACT_NOTIFY,
/// `listenerPath` (both need a user-space agent) and `flags` (the child loads filters without flags).
public struct SeccompProfile: Codable, Sendable, Hashable {
    public var defaultAction: SeccompAction
    /// The errno of an ERRNO default action; nil means EPERM.
    public var defaultErrnoRet: UInt16?
    /// The ABIs the filter recognizes besides the native one; use either this or `archMap`.
    public var architectures: [SeccompArchitecture]
    public var archMap: [SeccompArchitectureGroup]
    public var syscalls: [SeccompRule]

    public init(
        defaultAction: SeccompAction, defaultErrnoRet: UInt16? = nil, architectures: [SeccompArchitecture] = [],
        archMap: [SeccompArchitectureGroup] = [], syscalls: [SeccompRule] = []
    ) {
        self.defaultAction = defaultAction
        self.defaultErrnoRet = defaultErrnoRet
        self.architectures = architectures
        self.archMap = archMap
        self.syscalls = syscalls
    }

    private enum CodingKeys: String, CodingKey {
        case defaultAction, defaultErrnoRet, architectures, archMap, syscalls, flags, listenerPath
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func refuse(_ key: CodingKeys, _ reason: String) -> DecodingError {
            DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: reason)
        }
        defaultAction = try container.decode(SeccompAction.self, forKey: .defaultAction)
        defaultErrnoRet = try container.decodeIntegerIfPresent(UInt16.self, forKey: .defaultErrnoRet)
        architectures = try container.decodeIfPresent([SeccompArchitecture].self, forKey: .architectures) ?? []
        archMap = try container.decodeIfPresent([SeccompArchitectureGroup].self, forKey: .archMap) ?? []
        syscalls = try container.decodeIfPresent([SeccompRule].self, forKey: .syscalls) ?? []
        if !architectures.isEmpty && !archMap.isEmpty {
            throw refuse(.archMap, "both architectures and archMap are set, use one of them")
        }
        if let flags = try container.decodeIfPresent([String].self, forKey: .flags), let flag = flags.first {
            throw refuse(.flags, "filter flags such as \(flag) are not supported")
        }
        if let path = try container.decodeIfPresent(String.self, forKey: .listenerPath), !path.isEmpty {
            throw refuse(.listenerPath, "seccomp agents (listenerPath) are not supported")
        }
        if defaultAction == .notify {
            throw refuse(.defaultAction, SeccompAction.notifyRefusal)
        }
    }

    /// The fields Docker writes: `syscalls` always, the others when set.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(defaultAction, forKey: .defaultAction)
        try container.encodeIfPresent(defaultErrnoRet, forKey: .defaultErrnoRet)
        if !architectures.isEmpty { try container.encode(architectures, forKey: .architectures) }
        if !archMap.isEmpty { try container.encode(archMap, forKey: .archMap) }
        try container.encode(syscalls, forKey: .syscalls)
    }
}
