import Glibc
@testable import Runtime
import Testing
import TestSupport

/// A fresh container ID, so that runs in parallel (and leftovers of a killed run) never collide.
private func newContainerID() -> String { Identifiers.newID() }

/// Waits up to five seconds for a condition the kernel makes true soon.
private func eventually(_ condition: () -> Bool) -> Bool {
    for _ in 0..<500 {
        if condition() { return true }
        usleep(10_000)
    }
    return condition()
}

private func read(_ path: String) -> String? {
    (try? FileSystem.readString(path)) ?? nil
}

private func pids(in directory: CgroupDirectory) -> [Int32] {
    (read(directory.file("cgroup.procs")) ?? "").split(separator: "\n").compactMap { Int32($0) }
}

/// The line /proc/PID/cgroup shows for a directory of the container's cgroup, e.g.
/// "4:memory:/process_api/e30cdb98/minirun-0123456789ab".
private func membership(of directory: CgroupDirectory, in layout: CgroupLayout) throws -> String {
    let hierarchy = try #require(layout.hierarchies.first { hierarchy in
        hierarchy.version == directory.version && directory.path.hasPrefix(hierarchy.mountPoint + "/")
            && (directory.version == .v2 || hierarchy.controllers == directory.controllers)
    })
    let root = hierarchy.mountRoot == "/" ? "" : hierarchy.mountRoot
    let cgroup = root + directory.path.dropFirst(hierarchy.mountPoint.count)
    let key = hierarchy.version == .v2 ? "" : hierarchy.controllers.joined(separator: ",")
    return ":" + key + ":" + cgroup + "\n"
}

/// Runs against this machine's real cgroups, beneath the test process's own; every cgroup and
/// process a test makes is removed again, and nothing else is written to.
@Suite(.serialized, .enabled(if: getuid() == 0, "needs root to create cgroups"))
struct CgroupIntegrationTests {
    let layout: CgroupLayout

    init() throws {
        layout = try CgroupLayout.discover()
    }

    @Test(.needsLimits(by: "memory", "cpu", "pids"))
    func aContainerCgroupLimitsCountsAndGoesAway() throws {
        let limits = ResourceLimits(memory: 64 << 20, cpus: 0.5, cpuShares: 512, pidsLimit: 16)
        let cgroup = try ContainerCgroup.plan(containerID: newContainerID(), limits: limits, devices: nil, layout: layout)
        #expect(cgroup.directories.allSatisfy { !FileSystem.exists($0.path) })
        try cgroup.create(limits: limits)
        defer { try? cgroup.remove() }

        // The kernel's own view of each limit, by the controller whose file holds it.
        let expected: [CgroupHierarchy.Version: [String: String]] = [
            .v1: [
                "memory.limit_in_bytes": "67108864", "cpu.cfs_period_us": "100000", "cpu.cfs_quota_us": "50000",
                "cpu.shares": "512", "pids.max": "16",
            ],
            .v2: ["memory.max": "67108864", "cpu.max": "50000 100000", "cpu.weight": "20", "pids.max": "16"],
        ]
        var limited: [String] = []
        for directory in cgroup.directories {
            for (file, value) in expected[directory.version]! {
                let controller = String(file.prefix { $0 != "." })
                guard directory.controllers.contains(controller) else { continue }
                #expect(read(directory.file(file)) == value + "\n", "\(directory.file(file))")
                limited.append(controller)
            }
            // Docker's default memory+swap, twice the memory, where the kernel accounts swap.
            if directory.version == .v1 && FileSystem.exists(directory.file("memory.memsw.limit_in_bytes")) {
                #expect(read(directory.file("memory.memsw.limit_in_bytes")) == "134217728\n")
            }
        }
        #expect(Set(limited) == ["memory", "cpu", "pids"])

        let process = try GatedProcess("i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; exec sleep 30")
        defer { process.kill() }
        try cgroup.addProcess(process.pid)
        let lines = try #require(read("/proc/\(process.pid)/cgroup"))
        for directory in cgroup.directories {
            #expect(lines.contains(try membership(of: directory, in: layout)), "\(lines)")
            #expect(pids(in: directory) == [process.pid])
        }

        try process.release()
        #expect(eventually {
            let stats = cgroup.stats()
            return (stats.cpuNanoseconds ?? 0) > 0 && (stats.memoryUsage ?? 0) > 0 && stats.pids == 1
        }, "\(cgroup.stats())")
        #expect(cgroup.stats().memoryLimit == 64 << 20)
        #expect(!cgroup.oomKilled())

        process.kill()
        try cgroup.remove()
        #expect(cgroup.directories.allSatisfy { !FileSystem.exists($0.path) })
        try cgroup.remove()
    }

    @Test func removeWaitsForTheLastProcessAndNeverKillsIt() throws {
        let cgroup = try ContainerCgroup.plan(containerID: newContainerID(), limits: ResourceLimits(), devices: nil, layout: layout)
        try cgroup.create(limits: ResourceLimits())
        defer { try? cgroup.remove() }
        let process = try GatedProcess("exec sleep 30")
        defer { process.kill() }
        try cgroup.addProcess(process.pid)

        let error = #expect(throws: RuntimeError.self) { try cgroup.remove(timeout: 0.1) }
        #expect(error?.description.hasSuffix("Device or resource busy") == true)
        #expect(cgroup.directories.allSatisfy { FileSystem.isDirectory($0.path) })
        #expect(kill(process.pid, 0) == 0)

        process.kill()
        try cgroup.remove()
        #expect(cgroup.directories.allSatisfy { !FileSystem.exists($0.path) })
    }

    @Test(.enabled(if: access("/usr/bin/python3", X_OK) == 0, "needs python3 to allocate memory"), .needsLimits(by: "memory"))
    func aProcessOverTheMemoryLimitIsOOMKilled() throws {
        let limits = ResourceLimits(memory: 32 << 20, memorySwap: 32 << 20)
        let cgroup = try ContainerCgroup.plan(containerID: newContainerID(), limits: limits, devices: nil, layout: layout)
        try cgroup.create(limits: limits)
        defer { try? cgroup.remove() }
        let process = try GatedProcess("exec /usr/bin/python3 -c 'b = b\"x\" * (64 << 20)'")
        defer { process.kill() }
        try cgroup.addProcess(process.pid)
        #expect(!cgroup.oomKilled())

        try process.release()
        let exit = process.wait()
        #expect(exit.signal == SIGKILL, "exit: \(exit)")
        #expect(cgroup.oomKilled())
        try cgroup.remove()
        #expect(cgroup.directories.allSatisfy { !FileSystem.exists($0.path) })
    }

    /// The fork loop runs as the first process of a pid namespace of its own, as in a container, so
    /// that the sleeps it started die with it instead of being left to the machine's init.
    @Test(.enabled(if: access("/usr/bin/unshare", X_OK) == 0, "needs unshare from util-linux"), .needsLimits(by: "pids"))
    func aPidsLimitStopsAForkLoop() throws {
        let limits = ResourceLimits(pidsLimit: 8)
        let cgroup = try ContainerCgroup.plan(containerID: newContainerID(), limits: limits, devices: nil, layout: layout)
        try cgroup.create(limits: limits)
        defer { try? cgroup.remove() }
        let limited = try #require(cgroup.directories.first { $0.controllers.contains("pids") })
        let process = try GatedProcess(
            "exec unshare --pid --fork --kill-child sh -c 'for i in $(seq 20); do sleep 30 & done; wait'")
        defer { process.kill() }
        try cgroup.addProcess(process.pid)
        #expect(CgroupFile.field("max", of: limited.file("pids.events")) == 0)

        try process.release()
        let exit = process.wait()
        // dash gives up at the first fork the kernel refuses.
        #expect(exit.signal == nil && exit.status != 0, "exit: \(exit)")
        #expect(process.errorOutput().lowercased().contains("fork"))
        #expect((CgroupFile.field("max", of: limited.file("pids.events")) ?? 0) > 0)
        #expect(eventually { pids(in: limited).isEmpty })
        try cgroup.remove()
        #expect(cgroup.directories.allSatisfy { !FileSystem.exists($0.path) })
    }
}

/// cgroup v2 on this machine, whatever else is mounted: a cgroup in the unified hierarchy alone.
@Suite(.serialized, .enabled(if: getuid() == 0 && (try? CgroupLayout.discover().unified) != nil,
                             "needs root and a cgroup v2 hierarchy"))
struct CgroupV2IntegrationTests {
    let unified: CgroupHierarchy

    init() throws {
        unified = try #require(try CgroupLayout.discover().unified)
    }

    /// The layout of a machine whose only hierarchy is this one's unified one.
    var layout: CgroupLayout { CgroupLayout(hierarchies: [unified]) }

    @Test func aV2CgroupHoldsTheProcessAndCountsItsCPUTime() throws {
        let cgroup = try ContainerCgroup.plan(containerID: newContainerID(), limits: ResourceLimits(), devices: nil, layout: layout)
        #expect(cgroup.directories.map(\.version) == [.v2])
        try cgroup.create(limits: ResourceLimits())
        defer { try? cgroup.remove() }
        let process = try GatedProcess("i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; exec sleep 30")
        defer { process.kill() }
        try cgroup.addProcess(process.pid)
        let lines = try #require(read("/proc/\(process.pid)/cgroup"))
        #expect(lines.contains(try membership(of: cgroup.directories[0], in: layout)), "\(lines)")

        try process.release()
        #expect(eventually { (cgroup.stats().cpuNanoseconds ?? 0) > 0 })
        process.kill()
        try cgroup.remove()
        #expect(!FileSystem.exists(cgroup.directories[0].path))
    }

    /// A v2 controller the caller's cgroup delegates to its children (hugetlb on the hybrid layout,
    /// where the caller sits below the root); none when it sits in the root, whose subtree_control
    /// is the host's to set.
    static var delegatedController: String? {
        guard let unified = try? CgroupLayout.discover().unified,
              let caller = unified.directory(of: unified.current) else { return nil }
        return ContainerCgroup.words(caller + "/cgroup.subtree_control").first
    }

    /// The kernel's "no internal processes" rule, with a v2 controller this machine has (hugetlb on
    /// the hybrid layout): refused beneath a cgroup with a process in it, given beneath an empty one.
    @Test(.enabled(if: delegatedController != nil, "the caller's v2 cgroup delegates no controller to its children"))
    func controllersAreEnabledOnlyBeneathACgroupWithoutProcesses() throws {
        let controller = try #require(Self.delegatedController)
        let outer = try ContainerCgroup.plan(containerID: newContainerID(), limits: ResourceLimits(), devices: nil, layout: layout)
        try outer.create(limits: ResourceLimits())
        defer { try? outer.remove() }
        let outerPath = outer.directories[0].path
        let innerName = try ContainerCgroup.name(for: newContainerID())
        let inner = ContainerCgroup(directories: [
            CgroupDirectory(path: outerPath + "/" + innerName, version: .v2, controllers: [controller]),
        ])
        defer { try? inner.remove() }
        let process = try GatedProcess("exec sleep 30")
        defer { process.kill() }
        try outer.addProcess(process.pid)

        let error = #expect(throws: RuntimeError.self) { try inner.create(limits: ResourceLimits()) }
        #expect(error?.description.contains("holds processes") == true, "\(String(describing: error))")
        #expect(!FileSystem.exists(inner.directories[0].path))
        #expect(ContainerCgroup.words(outerPath + "/cgroup.subtree_control").isEmpty)

        process.kill()
        #expect(eventually { pids(in: outer.directories[0]).isEmpty })
        try inner.create(limits: ResourceLimits())
        #expect(ContainerCgroup.words(outerPath + "/cgroup.subtree_control") == [controller])
        #expect(ContainerCgroup.words(inner.directories[0].file("cgroup.controllers")).contains(controller))
        try inner.remove()
        try outer.remove()
        #expect(!FileSystem.exists(outerPath))
    }
}
