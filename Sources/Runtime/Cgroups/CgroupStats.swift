/// What `minirun stats` shows of a container, read from its cgroup. A value is nil when no
/// hierarchy of the container's cgroup has the controller that counts it.
public struct CgroupStats: Codable, Sendable, Equatable {
    /// CPU time used by all of the container's processes, in nanoseconds.
    public var cpuNanoseconds: UInt64?
    /// Memory in use less the inactive file cache the kernel can drop at once, as `docker stats` counts it.
    public var memoryUsage: UInt64?
    /// The container's own memory limit; nil when it has none (the host's memory is then the bound).
    public var memoryLimit: UInt64?
    /// Processes and threads in the container.
    public var pids: UInt64?

    public init(cpuNanoseconds: UInt64? = nil, memoryUsage: UInt64? = nil, memoryLimit: UInt64? = nil,
                pids: UInt64? = nil) {
        self.cpuNanoseconds = cpuNanoseconds
        self.memoryUsage = memoryUsage
        self.memoryLimit = memoryLimit
        self.pids = pids
    }
}
