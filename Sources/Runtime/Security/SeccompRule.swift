/// One entry of a profile's `syscalls` (Docker's Syscall): what happens to the named syscalls, when
/// all `args` conditions hold, in containers that meet `includes` and not `excludes`.
public struct SeccompRule: Codable, Sendable, Hashable {
    public var names: [String]
    public var action: SeccompAction
    /// The errno of an ERRNO action (or the message of TRACE); nil means EPERM.
    public var errnoRet: UInt16?
    public var args: [SeccompArgument]
    public var comment: String?
    public var includes: SeccompCondition?
    public var excludes: SeccompCondition?

    public init(
        names: [String], action: SeccompAction, errnoRet: UInt16? = nil, args: [SeccompArgument] = [],
        comment: String? = nil, includes: SeccompCondition? = nil, excludes: SeccompCondition? = nil
    ) {
        self.names = names
        self.action = action
        self.errnoRet = errnoRet
        self.args = args
        self.comment = comment
        self.includes = includes
        self.excludes = excludes
    }

    private enum CodingKeys: String, CodingKey {
        case names, name, action, errnoRet, args, comment, includes, excludes
    }

    /// Accepts the deprecated single `name` as Docker does, but not together with `names`, and refuses
    /// a rule that names no syscall, which can only be a mistake, and SCMP_ACT_NOTIFY.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let list = try container.decodeIfPresent([String].self, forKey: .names)
        let single = try container.decodeIfPresent(String.self, forKey: .name)
        if let single, !single.isEmpty {
            guard list?.isEmpty ?? true else {
                throw DecodingError.dataCorruptedError(
                    forKey: .name, in: container, debugDescription: "both name and names are set, use names")
            }
            names = [single]
        } else {
            names = list ?? []
        }
        guard !names.isEmpty, !names.contains("") else {
            throw DecodingError.dataCorruptedError(forKey: .names, in: container, debugDescription: "no syscall name")
        }
        action = try container.decode(SeccompAction.self, forKey: .action)
        if action == .notify {
            throw DecodingError.dataCorruptedError(
                forKey: .action, in: container, debugDescription: SeccompAction.notifyRefusal)
        }
        errnoRet = try container.decodeIntegerIfPresent(UInt16.self, forKey: .errnoRet)
        args = try container.decodeIfPresent([SeccompArgument].self, forKey: .args) ?? []
        comment = try container.decodeIfPresent(String.self, forKey: .comment)
        includes = try container.decodeIfPresent(SeccompCondition.self, forKey: .includes)
        excludes = try container.decodeIfPresent(SeccompCondition.self, forKey: .excludes)
    }

    /// The fields Docker writes, `names` always, the others when set.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(names, forKey: .names)
        try container.encode(action, forKey: .action)
        try container.encodeIfPresent(errnoRet, forKey: .errnoRet)
        if !args.isEmpty { try container.encode(args, forKey: .args) }
        try container.encodeIfPresent(comment, forKey: .comment)
        try container.encodeIfPresent(includes, forKey: .includes)
        try container.encodeIfPresent(excludes, forKey: .excludes)
    }
}
