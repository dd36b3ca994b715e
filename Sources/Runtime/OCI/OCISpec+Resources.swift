/// The parts of a config.json's linux.resources that Docker's flags (and so ResourceLimits) do not
/// have, with the runtime-spec's field names. Weights and rates go to the kernel as given: it
/// refuses what is out of its range, naming the file.
public struct OCIBlockIO: Codable, Sendable {
    /// 10...1000 (v1, and BFQ's own weight files), converted to io.weight's 1...10000 on v2.
    public var weight: UInt16?
    /// v1 alone, and only where the kernel still has CFQ's blkio.leaf_weight (before 5.0).
    public var leafWeight: UInt16?
    public var weightDevice: [OCIWeightDevice]?
    public var throttleReadBpsDevice: [OCIThrottleDevice]?
    public var throttleWriteBpsDevice: [OCIThrottleDevice]?
    public var throttleReadIOPSDevice: [OCIThrottleDevice]?
    public var throttleWriteIOPSDevice: [OCIThrottleDevice]?

    /// Whether anything is asked at all: an empty blockIO needs no blkio or io controller.
    var isEmpty: Bool {
        weight == nil && leafWeight == nil && (weightDevice ?? []).isEmpty
            && [throttleReadBpsDevice, throttleWriteBpsDevice, throttleReadIOPSDevice, throttleWriteIOPSDevice]
                .allSatisfy { ($0 ?? []).isEmpty }
    }
}

public struct OCIWeightDevice: Codable, Sendable {
    public var major: Int64
    public var minor: Int64
    public var weight: UInt16?
    public var leafWeight: UInt16?
}

public struct OCIThrottleDevice: Codable, Sendable {
    public var major: Int64
    public var minor: Int64
    /// Bytes or operations per second.
    public var rate: UInt64
}

public struct OCIHugepageLimit: Codable, Sendable {
    /// "<size><unit prefix>B": 64KB, 2MB, 1GB.
    public var pageSize: String
    /// Bytes of hugepage memory.
    public var limit: UInt64
}

public struct OCINetwork: Codable, Sendable {
    /// net_cls.classid: tc's class handle 0xAAAABBBB for the container's packets.
    public var classID: UInt32?
    public var priorities: [OCIInterfacePriority]?
}

public struct OCIInterfacePriority: Codable, Sendable {
    /// An interface of the host's network namespace (net_prio looks names up there).
    public var name: String
    public var priority: UInt32
}
