extension ContainerCgroup {
    /// The container's CPU time, memory and process count, from cpuacct.usage, memory.usage_in_bytes
    /// and pids.current on v1, cpu.stat, memory.current and pids.current on v2.
    public func stats() -> CgroupStats {
        var stats = CgroupStats()
        for directory in directories {
            let has = directory.controllers.contains
            switch directory.version {
            case .v1:
                if has("cpuacct") { stats.cpuNanoseconds = CgroupFile.number(directory.file("cpuacct.usage")) }
                if has("memory") {
                    stats.memoryUsage = Self.withoutInactiveFiles(
                        CgroupFile.number(directory.file("memory.usage_in_bytes")),
                        CgroupFile.field("total_inactive_file", of: directory.file("memory.stat")))
                    // v1 shows "no limit" as the largest page-aligned counter value, about 2^63.
                    stats.memoryLimit = CgroupFile.number(directory.file("memory.limit_in_bytes")).flatMap {
                        $0 >= 1 << 62 ? nil : $0
                    }
                }
                if has("pids") { stats.pids = CgroupFile.number(directory.file("pids.current")) }
            case .v2:
                if stats.cpuNanoseconds == nil {
                    let microseconds = CgroupFile.field("usage_usec", of: directory.file("cpu.stat"))
                    stats.cpuNanoseconds = microseconds.map { $0 * 1000 }
                }
                if has("memory") {
                    stats.memoryUsage = Self.withoutInactiveFiles(
                        CgroupFile.number(directory.file("memory.current")),
                        CgroupFile.field("inactive_file", of: directory.file("memory.stat")))
                    stats.memoryLimit = CgroupFile.number(directory.file("memory.max"))
                }
                if has("pids") { stats.pids = CgroupFile.number(directory.file("pids.current")) }
            }
        }
        return stats
    }

    /// Whether the kernel's OOM killer killed a process of the container because of its memory
    /// limit: the oom_kill count of memory.oom_control (v1) or memory.events (v2).
    public func oomKilled() -> Bool {
        directories.contains { directory in
            guard directory.controllers.contains("memory") else { return false }
            let file = directory.version == .v1 ? "memory.oom_control" : "memory.events"
            return (CgroupFile.field("oom_kill", of: directory.file(file)) ?? 0) > 0
        }
    }

    /// `docker stats` leaves out the inactive file cache, which the kernel reclaims before it would
    /// OOM-kill anything.
    private static func withoutInactiveFiles(_ usage: UInt64?, _ inactive: UInt64?) -> UInt64? {
        guard let usage else { return nil }
        guard let inactive, inactive < usage else { return usage }
        return usage - inactive
    }
}
