@testable import Runtime
import Testing

private let v1MemoryFiles = ["cgroup.procs", "memory.limit_in_bytes", "memory.memsw.limit_in_bytes"]
private let v1CPUFiles = ["cgroup.procs", "cpu.cfs_period_us", "cpu.cfs_quota_us", "cpu.shares"]
private let v2Files = ["cgroup.procs", "memory.max", "memory.swap.max", "cpu.max", "cpu.weight", "pids.max"]

struct ContainerCgroupPlanTests {
    @Test func hybridGetsADirectoryInEachV1HierarchyStatsOrLimitsUseAndNoneInV2() throws {
        let machine = try FakeCgroupMachine.hybrid()
        let cgroup = try machine.plan(ResourceLimits(memory: 32 << 20))
        let mounts = machine.root + "/sys/fs/cgroup"
        let statsDirectories = [
            CgroupDirectory(path: "\(mounts)/pids/\(fakeCgroupName)", version: .v1, controllers: ["pids"]),
            CgroupDirectory(path: "\(mounts)/memory/process_api/e30cdb98/\(fakeCgroupName)", version: .v1,
                            controllers: ["memory"]),
            CgroupDirectory(path: "\(mounts)/cpuacct/\(fakeCgroupName)", version: .v1, controllers: ["cpuacct"]),
        ]
        #expect(cgroup.directories == statsDirectories)
        #expect(machine.listing("/sys/fs/cgroup/memory") == ["process_api", "process_api/e30cdb98"])
        // The cpu hierarchy only holds CPU limits: cpu time comes from cpuacct.
        for limits in [ResourceLimits(cpus: 0.5), ResourceLimits(cpuShares: 512)] {
            #expect(try machine.plan(limits).directories == statsDirectories + [
                CgroupDirectory(path: "\(mounts)/cpu/\(fakeCgroupName)", version: .v1, controllers: ["cpu"]),
            ])
        }
    }

    @Test func combinedCPUAndCPUAcctShareOneDirectory() throws {
        let machine = try FakeCgroupMachine(.combined)
        let session = "/user.slice/user-0.slice/session-1.scope"
        try machine.makeDirectory("/sys/fs/cgroup/pids" + session)
        try machine.makeDirectory("/sys/fs/cgroup/memory" + session)
        try machine.makeDirectory("/sys/fs/cgroup/cpu,cpuacct/user.slice")
        let cgroup = try machine.plan(ResourceLimits(cpus: 1, pidsLimit: 10))
        let mounts = machine.root + "/sys/fs/cgroup"
        #expect(cgroup.directories == [
            CgroupDirectory(path: "\(mounts)/pids\(session)/\(fakeCgroupName)", version: .v1, controllers: ["pids"]),
            CgroupDirectory(path: "\(mounts)/memory\(session)/\(fakeCgroupName)", version: .v1,
                            controllers: ["memory"]),
            CgroupDirectory(path: "\(mounts)/cpu,cpuacct/user.slice/\(fakeCgroupName)", version: .v1,
                            controllers: ["cpu", "cpuacct"]),
        ])
    }

    @Test func pureV2GetsOneCgroupWithTheDelegatedAndTheNeededControllers() throws {
        let machine = try FakeCgroupMachine.unified(delegated: "memory pids\n")
        let path = machine.root + "/sys/fs/cgroup/user.slice/user-0.slice/session-3.scope/" + fakeCgroupName

        let limited = try machine.plan(ResourceLimits(cpus: 0.5))
        #expect(limited.directories == [
            CgroupDirectory(path: path, version: .v2, controllers: ["memory", "cpu", "pids"]),
        ])
        let unlimited = try machine.plan()
        #expect(unlimited.directories == [CgroupDirectory(path: path, version: .v2, controllers: ["memory", "pids"])])
    }

    @Test func pureV2WithNothingDelegatedStillGetsACgroupForMembershipAndCPUTime() throws {
        let machine = try FakeCgroupMachine.unified(delegated: "")
        let cgroup = try machine.plan()
        #expect(cgroup.directories.map(\.controllers) == [[]])
        #expect(cgroup.directories.map(\.version) == [.v2])
    }

    @Test func aV2ControllerTheParentDoesNotOfferCannotBeLimited() throws {
        let machine = try FakeCgroupMachine.unified(delegated: "")
        let session = "/sys/fs/cgroup/user.slice/user-0.slice/session-3.scope"
        try machine.write("cpu memory\n", to: session + "/cgroup.controllers")
        #expect(throws: RuntimeError.self) { try machine.plan(ResourceLimits(pidsLimit: 5)) }
        _ = try machine.plan(ResourceLimits(memory: 8 << 20))
    }

    @Test func aLimitWhoseControllerIsNotMountedIsRefused() throws {
        let machine = try FakeCgroupMachine(
            cgroup: "4:memory:/\n1:cpu:/\n",
            mountinfo: """
                35 31 0:32 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory
                32 31 0:29 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu

                """)
        try machine.makeDirectory("/sys/fs/cgroup/memory")
        try machine.makeDirectory("/sys/fs/cgroup/cpu")
        let error = #expect(throws: RuntimeError.self) { try machine.plan(ResourceLimits(pidsLimit: 8)) }
        #expect(error?.description == "cgroups: no pids controller is mounted, so its limits cannot be enforced")
        let unlimited = try machine.plan(ResourceLimits(pidsLimit: -1))
        #expect(unlimited.directories.map(\.controllers) == [["memory"]])
    }

    @Test func cgroupParentIsFromTheRootWhenAbsoluteAndFromTheCallerWhenRelative() throws {
        let machine = try FakeCgroupMachine.hybrid()
        for controller in ["pids", "memory", "cpuacct", "cpu"] {
            try machine.makeDirectory("/sys/fs/cgroup/\(controller)/ci/jobs")
        }
        try machine.makeDirectory("/sys/fs/cgroup/memory/process_api/e30cdb98/ci/jobs")
        let mounts = machine.root + "/sys/fs/cgroup"

        let absolute = try machine.plan(parent: "/ci//jobs/")
        #expect(absolute.directories.map(\.path) == ["pids", "memory", "cpuacct"].map {
            mounts + "/\($0)/ci/jobs/" + fakeCgroupName
        })
        let relative = try machine.plan(parent: "ci/jobs")
        #expect(relative.directories.map(\.path).prefix(2) == [
            mounts + "/pids/ci/jobs/" + fakeCgroupName,
            mounts + "/memory/process_api/e30cdb98/ci/jobs/" + fakeCgroupName,
        ])
        let empty = try machine.plan(parent: "")
        #expect(empty == (try machine.plan()))
    }

    @Test func cgroupParentMustExistAndStayInsideTheHierarchy() throws {
        let machine = try FakeCgroupMachine.hybrid()
        for parent in ["/missing", "../escape", "/ci/../..", "a/./b", "bad\nname"] {
            #expect(throws: RuntimeError.self, "\(parent)") { try machine.plan(parent: parent) }
        }
    }

    @Test func containerIDsAreHexAndNamedByTheirFirstTwelveDigits() throws {
        #expect(try ContainerCgroup.name(for: fakeContainerID) == fakeCgroupName)
        #expect(try ContainerCgroup.name(for: "abc") == "minirun-abc")
        for bad in ["", "../x", "abc/def", "zz", "ab cd"] {
            #expect(throws: RuntimeError.self, "\(bad)") { try ContainerCgroup.name(for: bad) }
        }
    }
}

struct ContainerCgroupCreateTests {
    @Test func v1LimitsGoIntoTheirControllersFiles() throws {
        let machine = try FakeCgroupMachine.hybrid()
        let limits = ResourceLimits(memory: 32 << 20, cpus: 0.5, cpuShares: 512, pidsLimit: 8)
        let cgroup = try machine.plan(limits)
        let memory = "/sys/fs/cgroup/memory/process_api/e30cdb98/" + fakeCgroupName
        let cpu = "/sys/fs/cgroup/cpu/" + fakeCgroupName
        try machine.makeCgroup(memory, files: v1MemoryFiles)
        try machine.makeCgroup(cpu, files: v1CPUFiles)
        try machine.makeCgroup("/sys/fs/cgroup/pids/" + fakeCgroupName, files: ["cgroup.procs", "pids.max"])
        try machine.makeCgroup("/sys/fs/cgroup/cpuacct/" + fakeCgroupName, files: ["cgroup.procs", "cpuacct.usage"])

        try cgroup.create(limits: limits)
        #expect(machine.read(memory + "/memory.limit_in_bytes") == "33554432")
        #expect(machine.read(memory + "/memory.memsw.limit_in_bytes") == "67108864")
        #expect(machine.read(cpu + "/cpu.cfs_period_us") == "100000")
        #expect(machine.read(cpu + "/cpu.cfs_quota_us") == "50000")
        #expect(machine.read(cpu + "/cpu.shares") == "512")
        #expect(machine.read("/sys/fs/cgroup/pids/\(fakeCgroupName)/pids.max") == "8")
        #expect(machine.read("/sys/fs/cgroup/cpuacct/\(fakeCgroupName)/cpuacct.usage") == "")

        try cgroup.addProcess(4242)
        for directory in cgroup.directories {
            #expect(machine.read(String(directory.path.dropFirst(machine.root.count)) + "/cgroup.procs") == "4242")
        }
    }

    @Test func unsetLimitsWriteNothing() throws {
        let machine = try FakeCgroupMachine.hybrid()
        let cgroup = try machine.plan()
        for directory in cgroup.directories {
            let relative = String(directory.path.dropFirst(machine.root.count))
            try machine.makeCgroup(relative, files: v1MemoryFiles + v1CPUFiles)
        }
        try cgroup.create(limits: ResourceLimits(memorySwap: 0, cpus: 0, cpuShares: 0, pidsLimit: -1))
        for directory in cgroup.directories {
            let relative = String(directory.path.dropFirst(machine.root.count))
            for file in v1MemoryFiles + v1CPUFiles { #expect(machine.read(relative + "/" + file) == "") }
        }
    }

    @Test func swapOnlyTheUserAskedForFailsWhereTheKernelCannotLimitIt() throws {
        let machine = try FakeCgroupMachine.hybrid()
        let limits = ResourceLimits(memory: 32 << 20, cpus: 0.5, cpuShares: 512, pidsLimit: 8)
        let cgroup = try machine.plan(limits)
        let memory = "/sys/fs/cgroup/memory/process_api/e30cdb98/" + fakeCgroupName
        try machine.makeCgroup(memory, files: ["memory.limit_in_bytes"])

        // Docker's default of twice the memory is dropped quietly where memsw is missing...
        try cgroup.create(limits: ResourceLimits(memory: 32 << 20))
        #expect(machine.read(memory + "/memory.limit_in_bytes") == "33554432")
        #expect(machine.listing(memory) == ["memory.limit_in_bytes"])
        // ...and so is unlimited swap, but not a swap limit the user gave.
        try cgroup.create(limits: ResourceLimits(memory: 16 << 20, memorySwap: -1))
        let error = #expect(throws: RuntimeError.self) {
            try cgroup.create(limits: ResourceLimits(memory: 32 << 20, memorySwap: 48 << 20))
        }
        #expect(error?.description.contains("memory.memsw.limit_in_bytes") == true)
    }

    @Test func v2LimitsUseV2FilesAndEnableTheNeededControllersInTheParent() throws {
        let machine = try FakeCgroupMachine.unified(delegated: "memory\n")
        let cgroup = try machine.plan(ResourceLimits(cpus: 1.5, pidsLimit: 100))
        let session = "/sys/fs/cgroup/user.slice/user-0.slice/session-3.scope"
        try machine.makeCgroup(session + "/" + fakeCgroupName, files: v2Files)

        try cgroup.create(limits: ResourceLimits(
            memory: 32 << 20, memorySwap: 48 << 20, cpus: 1.5, cpuShares: 1024, pidsLimit: 100))
        #expect(machine.read(session + "/cgroup.subtree_control") == "+cpu +pids")
        let files = v2Files.dropFirst().map { machine.read(session + "/" + fakeCgroupName + "/" + $0) }
        #expect(files == ["33554432", "16777216", "150000 100000", "39", "100"])
    }

    @Test func v2WritesUnlimitedSwapAsMaxAndAsksNothingOfAParentThatDelegatesAlready() throws {
        let machine = try FakeCgroupMachine.unified(delegated: "cpu memory pids\n")
        let cgroup = try machine.plan(ResourceLimits(memory: 64 << 20))
        let session = "/sys/fs/cgroup/user.slice/user-0.slice/session-3.scope"
        try machine.makeCgroup(session + "/" + fakeCgroupName, files: v2Files)

        try cgroup.create(limits: ResourceLimits(memory: 64 << 20, memorySwap: -1))
        #expect(machine.read(session + "/cgroup.subtree_control") == "cpu memory pids\n")
        #expect(machine.read(session + "/\(fakeCgroupName)/memory.max") == "67108864")
        #expect(machine.read(session + "/\(fakeCgroupName)/memory.swap.max") == "max")
        #expect(machine.read(session + "/\(fakeCgroupName)/cpu.max") == "")
    }

    @Test func settingsFollowTheKernelsOrder() {
        let limits = ResourceLimits(memory: 8 << 20, memorySwap: -1, cpus: 2, cpuShares: 2, pidsLimit: 1)
        #expect(CgroupSetting.settings(for: limits, version: .v1, controllers: ["memory", "cpu", "cpuacct", "pids"])
            .map(\.description) == [
                "memory.limit_in_bytes=8388608", "memory.memsw.limit_in_bytes=-1", "cpu.cfs_period_us=100000",
                "cpu.cfs_quota_us=200000", "cpu.shares=2", "pids.max=1",
            ])
        #expect(CgroupSetting.settings(for: limits, version: .v2, controllers: ["cpu"]).map(\.description)
            == ["cpu.max=200000 100000", "cpu.weight=1"])
        #expect(CgroupSetting.settings(for: limits, version: .v1, controllers: ["cpuacct"]).isEmpty)
    }

    /// A config.json's memory reservation is v1's soft limit and v2's memory.low, after the limit.
    @Test func anOCIMemoryReservationIsTheSoftLimit() {
        let limits = ResourceLimits(oci: OCIResources(memory: OCIMemory(limit: 64 << 20, reservation: 32 << 20)))
        #expect(CgroupSetting.settings(for: limits, version: .v1, controllers: ["memory"]).map(\.description) == [
            "memory.limit_in_bytes=67108864", "memory.memsw.limit_in_bytes=134217728",
            "memory.soft_limit_in_bytes=33554432",
        ])
        let reservationOnly = ResourceLimits(oci: OCIResources(memory: OCIMemory(reservation: 32 << 20)))
        #expect(CgroupSetting.settings(for: reservationOnly, version: .v2, controllers: ["memory"]).map(\.description)
            == ["memory.low=33554432"])
    }

    /// A config.json's quota over a period other than Docker's 100 ms is written over that period.
    @Test func anOCIPeriodIsWrittenAsGiven() {
        let limits = ResourceLimits(oci: OCIResources(cpu: OCICPU(quota: 50_000, period: 500_000)))
        #expect(CgroupSetting.settings(for: limits, version: .v1, controllers: ["cpu"]).map(\.description)
            == ["cpu.cfs_period_us=500000", "cpu.cfs_quota_us=50000"])
        #expect(CgroupSetting.settings(for: limits, version: .v2, controllers: ["cpu"]).map(\.description)
            == ["cpu.max=50000 500000"])
    }
}

struct ContainerCgroupRemoveTests {
    @Test func removesEveryRecordedDirectoryAndIsIdempotent() throws {
        let machine = try FakeCgroupMachine.hybrid()
        let cgroup = try machine.plan()
        try cgroup.create(limits: ResourceLimits())
        #expect(cgroup.directories.allSatisfy { FileSystem.isDirectory($0.path) })

        try cgroup.remove()
        #expect(cgroup.directories.allSatisfy { !FileSystem.exists($0.path) })
        #expect(machine.listing("/sys/fs/cgroup/memory") == ["process_api", "process_api/e30cdb98"])
        try cgroup.remove()
    }

    @Test func neverRemovesADirectoryMinirunDidNotName() throws {
        let machine = try FakeCgroupMachine.hybrid()
        let other = machine.root + "/sys/fs/cgroup/pids/someone-else"
        try machine.makeDirectory("/sys/fs/cgroup/pids/someone-else")
        try machine.makeDirectory("/sys/fs/cgroup/pids/" + fakeCgroupName)
        let cgroup = ContainerCgroup(directories: [
            CgroupDirectory(path: other, version: .v1, controllers: ["pids"]),
            CgroupDirectory(path: "\(machine.root)/sys/fs/cgroup/pids/\(fakeCgroupName)", version: .v1,
                            controllers: ["pids"]),
        ])
        #expect(throws: RuntimeError.self) { try cgroup.remove() }
        #expect(FileSystem.isDirectory(other))
        #expect(!FileSystem.exists(machine.root + "/sys/fs/cgroup/pids/" + fakeCgroupName))
    }

    @Test func aDirectoryThatCannotBeRemovedIsReportedAtOnce() throws {
        let machine = try FakeCgroupMachine.hybrid()
        try machine.makeCgroup("/sys/fs/cgroup/pids/" + fakeCgroupName, files: ["pids.max"])
        let cgroup = ContainerCgroup(directories: [
            CgroupDirectory(path: "\(machine.root)/sys/fs/cgroup/pids/\(fakeCgroupName)", version: .v1,
                            controllers: ["pids"]),
        ])
        let error = #expect(throws: RuntimeError.self) { try cgroup.remove(timeout: 60) }
        #expect(error?.description.hasSuffix("Directory not empty") == true)
    }

    @Test func aFailedCreateRemovesWhatItMade() throws {
        let machine = try FakeCgroupMachine.unified(delegated: "cpu memory pids\n")
        let cgroup = try machine.plan(ResourceLimits(pidsLimit: 5))
        // The directory comes without the kernel's files, so writing pids.max fails.
        #expect(throws: RuntimeError.self) { try cgroup.create(limits: ResourceLimits(pidsLimit: 5)) }
        #expect(!FileSystem.exists(cgroup.directories[0].path))
    }
}
