/// When a rule of a profile applies (Docker's Filter, as `includes` or `excludes`): capabilities of
/// the container ("CAP_SYS_ADMIN"), the machine's architecture in Go's naming ("amd64", "s390x"),
/// the lowest kernel. Empty parts do not take part.
public struct SeccompCondition: Codable, Sendable, Hashable {
    public var caps: [String]
    public var arches: [String]
    public var minKernel: KernelVersion?

    public init(caps: [String] = [], arches: [String] = [], minKernel: KernelVersion? = nil) {
        self.caps = caps
        self.arches = arches
        self.minKernel = minKernel
    }

    private enum CodingKeys: String, CodingKey {
        case caps, arches, minKernel
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        caps = try container.decodeIfPresent([String].self, forKey: .caps) ?? []
        arches = try container.decodeIfPresent([String].self, forKey: .arches) ?? []
        minKernel = try container.decodeIfPresent(KernelVersion.self, forKey: .minKernel)
    }

    /// Only the parts that are set, as Docker writes them.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if !caps.isEmpty { try container.encode(caps, forKey: .caps) }
        if !arches.isEmpty { try container.encode(arches, forKey: .arches) }
        try container.encodeIfPresent(minKernel, forKey: .minKernel)
    }
}
