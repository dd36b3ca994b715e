import CRuntimeShims

/// What `--memory`, `--memory-swap`, `--cpus`, `--cpu-period`, `--cpu-quota`, `--cpu-shares` and `--pids-limit` ask of a container's
/// cgroup, in Docker's terms; nil means "not given". It is stored with the container so that a
/// restart applies the same limits, and turned into cgroup v1 or v2 files by `CgroupSetting`.
public struct ResourceLimits: Codable, Sendable, Equatable {
    /// Bytes of memory (`--memory`).
    public var memory: Int64?
    /// Memory plus swap in bytes (`--memory-swap`), -1 for unlimited swap. Docker's unit: not the swap alone.
    public var memorySwap: Int64?
    /// CPUs' worth of time per period (`--cpus 0.5` is half of one CPU).
    public var cpus: Double?
    /// Relative CPU weight (`--cpu-shares`, 1024 is the kernel's default).
    public var cpuShares: Int?
    /// Most processes at once (`--pids-limit`); -1 and 0 mean unlimited, as in Docker.
    public var pidsLimit: Int?
    /// The CPUs and memory nodes the container may use (`--cpuset-cpus`, `--cpuset-mems`: "0-2,4").
    public var cpusetCpus: String?
    public var cpusetMems: String?
    /// Bytes of memory the kernel leaves the container before others under memory pressure (a
    /// config.json's linux.resources.memory.reservation, Docker's `--memory-reservation`).
    public var memoryReservation: Int64?
    /// The CFS period in microseconds (`--cpu-period`, a config.json's linux.resources.cpu.period);
    /// nil or 0 is the kernel's and Docker's 100 ms.
    public var cpuPeriod: Int?
    /// Microseconds of CPU time per period (`--cpu-quota`, a config.json's quota); -1 is none.
    /// `--cpus` is the other way to say it, and not both.
    public var cpuQuota: Int?
    /// How readily the kernel swaps the container's memory out (`--memory-swappiness`, 0...100);
    /// nil for the host's. cgroup v1 has it per cgroup, v2 does not (see `discardingUnsupported`).
    public var memorySwappiness: Int?
    /// `--oom-kill-disable`: the kernel's OOM killer leaves the container's processes alone; they
    /// wait for memory instead. cgroup v1 only, as memorySwappiness.
    public var oomKillDisable: Bool?
    /// `--blkio-weight` and the per-device weights and throttles; nil for none.
    public var blockIO: BlockIOLimits?

    /// Docker's floor for `--memory`: below it a container cannot even start its first process reliably.
    public static let minimumMemory: Int64 = 6 << 20
    public static let cpuSharesRange = 2...262_144
    /// The CFS period that `--cpus` is a fraction of without `--cpu-period` (100 ms, the kernel's).
    public static let defaultCPUPeriod = 100_000
    /// Docker's bounds of `--cpu-period`, and the floor of `--cpu-quota`: 1 ms to 1 s.
    public static let cpuPeriodRange = 1000...1_000_000

    public init(memory: Int64? = nil, memorySwap: Int64? = nil, cpus: Double? = nil, cpuShares: Int? = nil,
                pidsLimit: Int? = nil) {
        self.memory = memory
        self.memorySwap = memorySwap
        self.cpus = cpus
        self.cpuShares = cpuShares
        self.pidsLimit = pidsLimit
    }

    /// These limits with those `given` sets (`update`): a limit given replaces this one, the others
    /// stay; as Docker's update, 0 changes nothing (but a pids limit of 0, which means none).
    public func updated(with given: ResourceLimits) -> ResourceLimits {
        func pick<Value: Numeric>(_ new: Value?, _ old: Value?) -> Value? { new.flatMap { $0 == 0 ? nil : $0 } ?? old }
        var limits = self
        limits.memory = pick(given.memory, memory)
        limits.memorySwap = pick(given.memorySwap, memorySwap)
        limits.memoryReservation = pick(given.memoryReservation, memoryReservation)
        limits.cpus = pick(given.cpus, cpus)
        limits.cpuPeriod = pick(given.cpuPeriod, cpuPeriod)
        limits.cpuQuota = pick(given.cpuQuota, cpuQuota)
        limits.cpuShares = pick(given.cpuShares, cpuShares)
        limits.pidsLimit = given.pidsLimit ?? pidsLimit
        limits.cpusetCpus = given.cpusetCpus ?? cpusetCpus
        limits.cpusetMems = given.cpusetMems ?? cpusetMems
        return limits
    }

    /// Docker's checks of the combination, with its messages. `cpuCount` is how many CPUs the
    /// container could run on, the top of the `--cpus` range.
    public func validate(cpuCount: Int = ResourceLimits.availableCPUs()) throws {
        if let memory, memory != 0, memory < Self.minimumMemory {
            throw RuntimeError(.invalidArgument, "Minimum memory limit allowed is 6MB")
        }
        if let memorySwap, memorySwap > 0 {
            guard let memory, memory > 0 else {
                throw RuntimeError(.invalidArgument, "You should always set the Memory limit when using Memoryswap limit, see usage")
            }
            if memorySwap < memory {
                throw RuntimeError(.invalidArgument, "Minimum memoryswap limit should be larger than memory limit, see usage")
            }
        }
        if let cpus, cpus != 0, !(cpus >= 0.01 && cpus <= Double(cpuCount)) {
            throw RuntimeError(.invalidArgument,
                "Range of CPUs is from 0.01 to \(cpuCount).00, as there are only \(cpuCount) CPUs available")
        }
        if let cpus, cpus > 0, let cpuPeriod, cpuPeriod > 0 {
            throw RuntimeError(.invalidArgument, "Conflicting options: Nano CPUs and CPU Period cannot both be set")
        }
        if let cpus, cpus > 0, let cpuQuota, cpuQuota > 0 {
            throw RuntimeError(.invalidArgument, "Conflicting options: Nano CPUs and CPU Quota cannot both be set")
        }
        if let cpuPeriod, cpuPeriod != 0, !Self.cpuPeriodRange.contains(cpuPeriod) {
            throw RuntimeError(.invalidArgument, "CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1 second (i.e. 1000000)")
        }
        if let cpuQuota, cpuQuota > 0, cpuQuota < Self.cpuPeriodRange.lowerBound {
            throw RuntimeError(.invalidArgument, "CPU cfs quota can not be less than 1ms (i.e. 1000)")
        }
        if let cpuShares, cpuShares < 0 {
            throw RuntimeError(.invalidArgument, "invalid CPU shares (\(cpuShares)): value must be a positive integer")
        }
        if let cpuShares, cpuShares != 0, !Self.cpuSharesRange.contains(cpuShares) {
            throw RuntimeError(.invalidArgument, "Range of CPU shares is from 2 to 262144")
        }
        if let reservation, reservation < Self.minimumMemory {
            throw RuntimeError(.invalidArgument, "Minimum memory reservation allowed is 6MB")
        }
        if let memory = memoryLimit, let reservation, memory < reservation {
            throw RuntimeError(.invalidArgument, "Minimum memory limit can not be less than memory reservation limit, see usage")
        }
        if let cpusetCpus { try CpusetList.check(cpusetCpus, what: "cpus") }
        if let cpusetMems { try CpusetList.check(cpusetMems, what: "mems") }
    }

    /// `--memory-swappiness`: -1 for the host's (nil), else 0...100, as Docker's daemon checks it.
    public static func memorySwappiness(parsing text: String) throws -> Int? {
        guard let value = Int(text) else {
            throw RuntimeError(.invalidArgument, "invalid argument \"\(Identifiers.printable(text))\" for \"--memory-swappiness\" flag: strconv.ParseInt: parsing \"\(Identifiers.printable(text))\": invalid syntax")
        }
        if value == -1 { return nil }
        guard (0...100).contains(value) else {
            throw RuntimeError(.invalidArgument, "Invalid value: \(value), valid memory swappiness range is 0-100")
        }
        return value
    }

    /// These limits without what `layout` cannot hold, with Docker's warning for each: swappiness
    /// and the OOM killer's switch exist only in a v1 memory cgroup; block I/O see BlockIOLimits.
    public func discardingUnsupported(layout: CgroupLayout) -> (limits: ResourceLimits, warnings: [String]) {
        var limits = self
        var warnings: [String] = []
        if let blockIO {
            let (kept, discarded) = blockIO.discardingUnsupported(layout: layout)
            limits.blockIO = kept.isEmpty ? nil : kept
            warnings += discarded
        }
        guard layout.hierarchy(for: "memory")?.version != .v1 else { return (limits, warnings) }
        if memorySwappiness != nil {
            warnings.append("WARNING: Your kernel does not support memory swappiness capabilities or the cgroup is not mounted. Memory swappiness discarded.")
            limits.memorySwappiness = nil
        }
        if oomKillDisable == true {
            warnings.append("WARNING: Your kernel does not support OomKillDisable. OomKillDisable discarded.")
        }
        limits.oomKillDisable = nil
        return (limits, warnings)
    }

    /// The CPUs this process may run on, which its containers inherit: the top of Docker's `--cpus` range.
    public static func availableCPUs() -> Int {
        Int(mr_available_cpus())
    }

    /// The memory limit, when one is set (Docker reads 0 as none).
    var memoryLimit: Int64? {
        guard let memory, memory > 0 else { return nil }
        return memory
    }

    /// The memory reservation, when one is set (0 is none).
    var reservation: Int64? {
        guard let memoryReservation, memoryReservation > 0 else { return nil }
        return memoryReservation
    }

    /// Memory plus swap as the kernel should enforce it: Docker's default without `--memory-swap`
    /// is twice the memory, -1 is unlimited swap, nil means no memory limit at all.
    public var memoryAndSwapLimit: Int64? {
        guard let memory = memoryLimit else { return nil }
        guard let memorySwap, memorySwap != 0 else { return memory * 2 }
        return memorySwap
    }

    /// `--cpu-period`, when one is set (0 is none).
    var givenPeriod: Int? {
        guard let cpuPeriod, cpuPeriod > 0 else { return nil }
        return cpuPeriod
    }

    /// The CFS period the quota is written with.
    var period: Int { givenPeriod ?? Self.defaultCPUPeriod }

    /// Microseconds of CPU time per `period` to write: `--cpu-quota`'s (-1 for none), or `--cpus`'
    /// share of the period; nil when neither is set.
    var quota: Int? {
        if let cpuQuota, cpuQuota != 0 { return cpuQuota }
        guard let cpus, cpus > 0 else { return nil }
        return Int((cpus * Double(period)).rounded())
    }

    var shares: Int? {
        guard let cpuShares, cpuShares > 0 else { return nil }
        return cpuShares
    }

    /// cgroup v2's cpu.weight (1...10000) for v1 shares (2...262144), mapped linearly as runc and
    /// crun do, so that the default 1024 shares land near the default weight of 100.
    var cpuWeight: Int? {
        shares.map { 1 + (($0 - 2) * 9999) / 262_142 }
    }

    var pids: Int? {
        guard let pidsLimit, pidsLimit > 0 else { return nil }
        return pidsLimit
    }

    /// The controllers without which these limits cannot be enforced.
    var requiredControllers: [String] {
        var names: [String] = []
        if memoryLimit != nil || reservation != nil { names.append("memory") }
        if quota != nil || givenPeriod != nil || shares != nil { names.append("cpu") }
        if pids != nil { names.append("pids") }
        if cpusetCpus != nil || cpusetMems != nil { names.append("cpuset") }
        return names
    }
}
