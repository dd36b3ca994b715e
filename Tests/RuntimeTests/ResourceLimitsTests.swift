@testable import Runtime
import Testing

struct ResourceLimitsParsingTests {
    @Test(arguments: [
        ("0", 0), ("1", 1), ("6291456", 6_291_456), ("32b", 32), ("32B", 32),
        ("1k", 1024), ("1K", 1024), ("1kb", 1024), ("1KiB", 1024), ("2 kib", 2048),
        ("32m", 32 << 20), ("32M", 32 << 20), ("32mb", 32 << 20), ("32MiB", 32 << 20),
        ("1.5g", 3 << 29), ("1.5GB", 3 << 29), (".5m", 1 << 19), ("2.m", 2 << 20),
        ("1t", 1 << 40), ("1p", 1 << 50), ("1.0000001k", 1024), ("32 ", 32),
    ] as [(String, Int64)])
    func sizesReadLikeDockersRAMInBytes(text: String, bytes: Int64) throws {
        #expect(try ResourceLimits.parseBytes(text) == bytes)
    }

    @Test(arguments: [
        "", "m", "-1", "-32m", "32x", "32mm", "32ibb", "32ib", "32i", "32mbb", "32kbit", "1e3", "1.2.3", ".",
        "32  m", " 32m", "0x10", "9000000p", "１m",
    ])
    func sizesDockerRefusesAreRefused(text: String) {
        #expect(throws: RuntimeError.self) { try ResourceLimits.parseBytes(text) }
    }

    @Test func anInvalidSizeIsQuotedInTheError() {
        let error = #expect(throws: RuntimeError.self) { try ResourceLimits.parseBytes("32x") }
        #expect(error?.description == "invalid size: '32x'")
    }

    @Test func memorySwapTakesMinusOneForUnlimited() throws {
        #expect(try ResourceLimits.parseMemorySwap("-1") == -1)
        #expect(try ResourceLimits.parseMemorySwap("64m") == 64 << 20)
        #expect(throws: RuntimeError.self) { try ResourceLimits.parseMemorySwap("-2") }
    }

    @Test func cpusAreDecimalsExactToTheNanoCPU() throws {
        #expect(try ResourceLimits.parseCPUs("0.5") == 0.5)
        #expect(try ResourceLimits.parseCPUs(".25") == 0.25)
        #expect(try ResourceLimits.parseCPUs("2") == 2)
        #expect(try ResourceLimits.parseCPUs("0.000000001") == 1e-9)
        #expect(throws: RuntimeError.self) { try ResourceLimits.parseCPUs("0.0000000001") }
        #expect(throws: RuntimeError.self) { try ResourceLimits.parseCPUs("half") }
        #expect(try ResourceLimits.parseCPUs("-1.5") == -1.5)  // parsed, then out of range (below)
        #expect(throws: RuntimeError.self) { try ResourceLimits.parseCPUs("") }
        #expect(throws: RuntimeError.self) { try ResourceLimits.parseCPUs("-") }
        #expect(throws: RuntimeError.self) { try ResourceLimits.parseCPUs("--1") }
    }

    /// Negative numbers were "Missing value" once: each says what is wrong with it, naming its flag.
    @Test func negativeValuesAreNamedWithTheirFlag() {
        func message(_ parse: () throws -> ResourceLimits) -> String? {
            do { _ = try parse(); return nil } catch { return "\(error)" }
        }
        #expect(message { try ResourceLimits.parse(memory: "-1") }
                == "invalid argument \"-1\" for \"-m, --memory\" flag: a size cannot be negative")
        #expect(message { try ResourceLimits.parse(memory: "64m", memorySwap: "-2") }
                == "invalid argument \"-2\" for \"--memory-swap\" flag: a size cannot be negative")
        #expect(message { try ResourceLimits.parse(memory: "32x") }
                == "invalid argument \"32x\" for \"-m, --memory\" flag: invalid size: '32x'")
        #expect(message { try ResourceLimits.parse(cpus: "-1", cpuCount: 2) }
                == "Range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available")
        #expect(message { try ResourceLimits.parse(cpuShares: "-1") }
                == "invalid CPU shares (-1): value must be a positive integer")
        #expect(message { try ResourceLimits.parse(pidsLimit: "lots") }
                == "invalid argument \"lots\" for \"--pids-limit\" flag: not a whole number")
        // What Docker reads as unlimited.
        #expect(message { try ResourceLimits.parse(memory: "64m", memorySwap: "-1", pidsLimit: "-1") } == nil)
    }

    @Test func parseReadsEveryOptionAndValidatesTheWhole() throws {
        let limits = try ResourceLimits.parse(
            memory: "32m", memorySwap: "-1", cpus: "1.5", cpuShares: "512", pidsLimit: "-1", cpuCount: 2)
        #expect(limits == ResourceLimits(memory: 32 << 20, memorySwap: -1, cpus: 1.5, cpuShares: 512, pidsLimit: -1))
        #expect(try ResourceLimits.parse() == ResourceLimits())
        let cfs = try ResourceLimits.parse(cpuPeriod: "50000", cpuQuota: "-1")
        #expect(cfs.cpuPeriod == 50_000 && cfs.cpuQuota == -1)
        #expect(throws: RuntimeError.self) { try ResourceLimits.parse(cpuPeriod: "50ms") }
        #expect(throws: RuntimeError.self) { try ResourceLimits.parse(cpus: "1", cpuQuota: "50000") }
        #expect(throws: RuntimeError.self) { try ResourceLimits.parse(cpuShares: "lots") }
        #expect(throws: RuntimeError.self) { try ResourceLimits.parse(pidsLimit: "1.5") }
        #expect(throws: RuntimeError.self) { try ResourceLimits.parse(memory: "1m") }
    }
}

struct ResourceLimitsValidationTests {
    func message(_ limits: ResourceLimits, cpuCount: Int = 4) -> String? {
        do {
            try limits.validate(cpuCount: cpuCount)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func memoryHasDockersSixMebibyteFloor() {
        #expect(message(ResourceLimits(memory: 6 << 20)) == nil)
        #expect(message(ResourceLimits(memory: (6 << 20) - 1)) == "Minimum memory limit allowed is 6MB")
        #expect(message(ResourceLimits(memory: 0)) == nil)
    }

    @Test func memorySwapIsATotalNoSmallerThanMemory() {
        #expect(message(ResourceLimits(memory: 32 << 20, memorySwap: 32 << 20)) == nil)
        #expect(message(ResourceLimits(memory: 32 << 20, memorySwap: -1)) == nil)
        #expect(message(ResourceLimits(memory: 32 << 20, memorySwap: 16 << 20))
            == "Minimum memoryswap limit should be larger than memory limit, see usage")
        #expect(message(ResourceLimits(memorySwap: 64 << 20))
            == "You should always set the Memory limit when using Memoryswap limit, see usage")
    }

    @Test func cpusRangeFromAHundredthToTheCPUsThereAre() {
        #expect(message(ResourceLimits(cpus: 0.01)) == nil)
        #expect(message(ResourceLimits(cpus: 4)) == nil)
        let range = "Range of CPUs is from 0.01 to 4.00, as there are only 4 CPUs available"
        #expect(message(ResourceLimits(cpus: 0.009)) == range)
        #expect(message(ResourceLimits(cpus: 4.5)) == range)
        #expect(message(ResourceLimits(cpus: 1), cpuCount: 1) == nil)
    }

    /// Docker's checks: --cpus is not given with --cpu-period or --cpu-quota, a period is 1 ms to
    /// 1 s, a quota at least 1 ms (or -1, none).
    @Test func aPeriodAndAQuotaHaveDockersBoundsAndExcludeCPUs() {
        func limits(cpus: Double? = nil, period: Int? = nil, quota: Int? = nil) -> ResourceLimits {
            var limits = ResourceLimits(cpus: cpus)
            (limits.cpuPeriod, limits.cpuQuota) = (period, quota)
            return limits
        }
        #expect(message(limits(period: 1000, quota: 1000)) == nil)
        #expect(message(limits(period: 1_000_000, quota: -1)) == nil)
        #expect(message(limits(cpus: 1, period: 0, quota: 0)) == nil, "0 is none")
        #expect(message(limits(cpus: 1, period: 50_000)) == "Conflicting options: Nano CPUs and CPU Period cannot both be set")
        #expect(message(limits(cpus: 1, quota: 50_000)) == "Conflicting options: Nano CPUs and CPU Quota cannot both be set")
        let period = "CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1 second (i.e. 1000000)"
        #expect(message(limits(period: 999)) == period)
        #expect(message(limits(period: 1_000_001)) == period)
        #expect(message(limits(period: -5)) == period)
        #expect(message(limits(quota: 999)) == "CPU cfs quota can not be less than 1ms (i.e. 1000)")
    }

    @Test func sharesRangeFromTwoTo262144() {
        #expect(message(ResourceLimits(cpuShares: 2)) == nil)
        #expect(message(ResourceLimits(cpuShares: 262_144)) == nil)
        #expect(message(ResourceLimits(cpuShares: 1)) == "Range of CPU shares is from 2 to 262144")
        #expect(message(ResourceLimits(cpuShares: 262_145)) != nil)
        #expect(message(ResourceLimits(cpuShares: -5)) == "invalid CPU shares (-5): value must be a positive integer")
    }

    @Test func aMemoryReservationHasTheFloorAndStaysUnderTheLimit() {
        var limits = ResourceLimits(memory: 64 << 20)
        limits.memoryReservation = 32 << 20
        #expect(message(limits) == nil)
        limits.memoryReservation = 128 << 20
        #expect(message(limits) == "Minimum memory limit can not be less than memory reservation limit, see usage")
        limits.memoryReservation = 1 << 20
        #expect(message(limits) == "Minimum memory reservation allowed is 6MB")
    }

    @Test func cpusetListsParseAsDockersAndNameCPUsThisMachineHas() {
        #expect(CpusetList.numbers("0-2,4") == [0, 1, 2, 4])
        #expect(CpusetList.numbers("3") == [3])
        for bad in ["", "1-0", "a", "0,,1", "-1", "0-1-2"] { #expect(CpusetList.numbers(bad) == nil, "\(bad)") }
        var limits = ResourceLimits()
        limits.cpusetCpus = "0"
        #expect(message(limits) == nil, "CPU 0 is always online")
        limits.cpusetCpus = "1-0"
        #expect(message(limits) == "Invalid value 1-0 for cpuset cpus")
        limits.cpusetCpus = "4096"
        #expect(message(limits)?.hasPrefix("Requested CPUs are not available - requested 4096, available: ") == true)
        limits.cpusetCpus = nil
        limits.cpusetMems = "4096"
        #expect(message(limits)?.hasPrefix("Requested memory nodes are not available - requested 4096, available: ") == true)
    }

    @Test func anUpdateReplacesWhatItGivesAndZeroChangesNothing() {
        var old = ResourceLimits(memory: 64 << 20, cpus: 1, pidsLimit: 10)
        old.cpusetCpus = "0"
        let updated = old.updated(with: ResourceLimits(memory: 0, cpus: 0.5, pidsLimit: -1))
        #expect(updated.memory == 64 << 20 && updated.cpus == 0.5 && updated.pidsLimit == -1 && updated.cpusetCpus == "0")
        var quota = ResourceLimits()
        (quota.cpuPeriod, quota.cpuQuota) = (50_000, 20_000)
        let withQuota = ResourceLimits().updated(with: quota)
        #expect(withQuota.cpuPeriod == 50_000 && withQuota.cpuQuota == 20_000)
        #expect(withQuota.updated(with: ResourceLimits(memory: 64 << 20)).cpuQuota == 20_000)
    }

    @Test func availableCPUsCountsThisProcesssCPUs() {
        #expect(ResourceLimits.availableCPUs() >= 1)
    }
}

struct ResourceLimitsConversionTests {
    @Test func swapDefaultsToTwiceTheMemoryLikeDocker() {
        #expect(ResourceLimits(memory: 32 << 20).memoryAndSwapLimit == 64 << 20)
        #expect(ResourceLimits(memory: 32 << 20, memorySwap: 0).memoryAndSwapLimit == 64 << 20)
        #expect(ResourceLimits(memory: 32 << 20, memorySwap: -1).memoryAndSwapLimit == -1)
        #expect(ResourceLimits(memory: 32 << 20, memorySwap: 48 << 20).memoryAndSwapLimit == 48 << 20)
        #expect(ResourceLimits().memoryAndSwapLimit == nil)
    }

    @Test func cpusBecomeAQuotaOfTheHundredMillisecondPeriod() {
        #expect(ResourceLimits(cpus: 0.5).quota == 50_000)
        #expect(ResourceLimits(cpus: 0.01).quota == 1000)
        #expect(ResourceLimits(cpus: 1.5).quota == 150_000)
        #expect(ResourceLimits(cpus: 0.3).quota == 30_000)
        #expect(ResourceLimits().quota == nil)
    }

    /// --cpu-period and --cpu-quota are written as given, in both versions' files: a period alone
    /// too (v2 then says "max"), and a quota of -1 as none.
    @Test func aPeriodAndAQuotaAreWrittenAsGiven() {
        func settings(period: Int?, quota: Int?, _ version: CgroupHierarchy.Version) -> [String] {
            var limits = ResourceLimits()
            (limits.cpuPeriod, limits.cpuQuota) = (period, quota)
            return CgroupSetting.settings(for: limits, version: version, controllers: ["cpu"]).map(\.description)
        }
        #expect(settings(period: 50_000, quota: 25_000, .v1) == ["cpu.cfs_period_us=50000", "cpu.cfs_quota_us=25000"])
        #expect(settings(period: 50_000, quota: 25_000, .v2) == ["cpu.max=25000 50000"])
        #expect(settings(period: nil, quota: 25_000, .v1) == ["cpu.cfs_period_us=100000", "cpu.cfs_quota_us=25000"])
        #expect(settings(period: 50_000, quota: nil, .v1) == ["cpu.cfs_period_us=50000"])
        #expect(settings(period: 50_000, quota: nil, .v2) == ["cpu.max=max 50000"])
        #expect(settings(period: nil, quota: -1, .v1) == ["cpu.cfs_period_us=100000", "cpu.cfs_quota_us=-1"])
        #expect(settings(period: nil, quota: -1, .v2) == ["cpu.max=max 100000"])
        #expect(settings(period: 0, quota: 0, .v2).isEmpty, "0 is none, as in Docker")
        var limits = ResourceLimits()
        limits.cpuPeriod = 50_000
        #expect(limits.requiredControllers == ["cpu"])
    }

    @Test func sharesMapOntoV2WeightsAsRuncDoes() {
        #expect(ResourceLimits(cpuShares: 2).cpuWeight == 1)
        #expect(ResourceLimits(cpuShares: 1024).cpuWeight == 39)
        #expect(ResourceLimits(cpuShares: 262_144).cpuWeight == 10_000)
    }

    @Test func pidsLimitsOfZeroOrLessAreUnlimited() {
        #expect(ResourceLimits(pidsLimit: 8).pids == 8)
        #expect(ResourceLimits(pidsLimit: 0).pids == nil)
        #expect(ResourceLimits(pidsLimit: -1).pids == nil)
        #expect(ResourceLimits(pidsLimit: -1).requiredControllers.isEmpty)
        #expect(ResourceLimits(memory: 1 << 30, cpuShares: 512, pidsLimit: 3).requiredControllers
            == ["memory", "cpu", "pids"])
    }
}
