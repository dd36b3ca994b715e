/// One value written into one control file of a container's cgroup to enforce a limit, in the
/// order the kernel accepts them (v1 wants the memory limit before memory+swap).
struct CgroupSetting: Equatable, CustomStringConvertible {
    var file: String
    var value: String
    /// A limit Docker applies only where the kernel supports it (the default swap limit, twice the
    /// memory): a missing file skips it. A limit the user asked for fails instead.
    var optional = false

    var description: String { "\(file)=\(value)" }

    /// The settings that enforce `limits` in a cgroup of `version` served by `controllers`. Limits
    /// left unset write nothing: a new cgroup starts unlimited.
    static func settings(for limits: ResourceLimits, version: CgroupHierarchy.Version,
                         controllers: [String]) -> [CgroupSetting] {
        var settings: [CgroupSetting] = []
        let swapOptional = !(limits.memorySwap.map { $0 > 0 } ?? false)
        if controllers.contains("memory"), let memory = limits.memoryLimit, let total = limits.memoryAndSwapLimit {
            switch version {
            case .v1:
                settings.append(CgroupSetting(file: "memory.limit_in_bytes", value: String(memory)))
                settings.append(CgroupSetting(file: "memory.memsw.limit_in_bytes", value: String(total),
                                              optional: swapOptional))
            case .v2:
                // v2 limits swap alone, where Docker's number is memory plus swap.
                settings.append(CgroupSetting(file: "memory.max", value: String(memory)))
                let swap = total < 0 ? "max" : String(total - memory)
                settings.append(CgroupSetting(file: "memory.swap.max", value: swap, optional: swapOptional))
            }
        }
        if controllers.contains("memory"), version == .v1 {
            if let swappiness = limits.memorySwappiness {
                settings.append(CgroupSetting(file: "memory.swappiness", value: String(swappiness)))
            }
            if limits.oomKillDisable == true { settings.append(CgroupSetting(file: "memory.oom_control", value: "1")) }
        }
        if controllers.contains("memory"), let reservation = limits.reservation {
            // v1's soft limit; v2's memory.low, the protection it replaced the soft limit with.
            settings.append(CgroupSetting(file: version == .v1 ? "memory.soft_limit_in_bytes" : "memory.low",
                                          value: String(reservation)))
        }
        if controllers.contains("cpu") {
            let (period, quota) = (limits.period, limits.quota)
            let writesPeriod = quota != nil || limits.givenPeriod != nil
            switch version {
            case .v1:
                if writesPeriod { settings.append(CgroupSetting(file: "cpu.cfs_period_us", value: String(period))) }
                if let quota { settings.append(CgroupSetting(file: "cpu.cfs_quota_us", value: String(quota))) }
                if let shares = limits.shares {
                    settings.append(CgroupSetting(file: "cpu.shares", value: String(shares)))
                }
            case .v2:
                if writesPeriod {
                    let quota = quota.map { $0 < 0 ? "max" : String($0) } ?? "max"
                    settings.append(CgroupSetting(file: "cpu.max", value: "\(quota) \(period)"))
                }
                if let weight = limits.cpuWeight {
                    settings.append(CgroupSetting(file: "cpu.weight", value: String(weight)))
                }
            }
        }
        if controllers.contains("cpuset") {
            // The same files on v1 and v2; mems first, as a v1 cpuset takes no CPUs without memory nodes.
            if let mems = limits.cpusetMems { settings.append(CgroupSetting(file: "cpuset.mems", value: mems)) }
            if let cpus = limits.cpusetCpus { settings.append(CgroupSetting(file: "cpuset.cpus", value: cpus)) }
        }
        if controllers.contains("pids"), let pids = limits.pids {
            settings.append(CgroupSetting(file: "pids.max", value: String(pids)))
        }
        return settings
    }
}
