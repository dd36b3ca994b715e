@testable import Runtime
import Testing

struct CgroupLayoutTests {
    @Test func hybridPutsEachControllerOnItsV1MountAndHugetlbOnV2() throws {
        let machine = try FakeCgroupMachine(.hybrid)
        try machine.write("hugetlb\n", to: "/sys/fs/cgroup/unified/cgroup.controllers")
        let layout = try machine.discover()
        let mounts = machine.root + "/sys/fs/cgroup"

        #expect(layout.hierarchies.map(\.controllers) == [
            ["name=systemd"], ["pids"], ["blkio"], ["freezer"], ["devices"], ["memory"], ["cpuset"], ["cpuacct"],
            ["cpu"], ["hugetlb"],
        ])
        #expect(layout.hierarchies.map(\.version) == Array(repeating: .v1, count: 9) + [.v2])
        #expect(layout.hierarchy(for: "memory") == CgroupHierarchy(
            version: .v1, controllers: ["memory"], mountPoint: mounts + "/memory", current: "/process_api/e30cdb98"))
        #expect(layout.hierarchy(for: "cpu")?.mountPoint == mounts + "/cpu")
        #expect(layout.hierarchy(for: "cpuacct")?.mountPoint == mounts + "/cpuacct")
        #expect(layout.hierarchy(for: "pids")?.current == "/")
        #expect(layout.hierarchy(for: "hugetlb") == CgroupHierarchy(
            version: .v2, controllers: ["hugetlb"], mountPoint: mounts + "/unified", current: "/"))
        #expect(layout.hierarchy(for: "rdma") == nil)
        #expect(layout.hierarchy(for: "memory")?.directory(of: "/process_api/e30cdb98")
            == mounts + "/memory/process_api/e30cdb98")
    }

    @Test func pureV2IsOneHierarchyWithTheControllersItsRootOffers() throws {
        let machine = try FakeCgroupMachine(.unified)
        try machine.write("cpuset cpu io memory hugetlb pids rdma misc\n", to: "/sys/fs/cgroup/cgroup.controllers")
        let layout = try machine.discover()

        let unified = CgroupHierarchy(
            version: .v2, controllers: ["cpuset", "cpu", "io", "memory", "hugetlb", "pids", "rdma", "misc"],
            mountPoint: machine.root + "/sys/fs/cgroup", current: "/user.slice/user-0.slice/session-3.scope")
        #expect(layout.hierarchies == [unified])
        #expect(layout.unified == unified)
        #expect(layout.hierarchy(for: "memory") == unified)
        #expect(layout.hierarchy(for: "cpuacct") == nil)
    }

    @Test func combinedV1MountsServeAllTheirControllers() throws {
        let machine = try FakeCgroupMachine(.combined)
        let layout = try machine.discover()
        let mounts = machine.root + "/sys/fs/cgroup"

        #expect(layout.unified == nil)
        #expect(layout.hierarchies.map(\.mountPoint) == [
            mounts + "/pids", mounts + "/net_cls,net_prio", mounts + "/memory", mounts + "/cpu,cpuacct",
            mounts + "/systemd",
        ])
        let cpu = try #require(layout.hierarchy(for: "cpu"))
        #expect(cpu.controllers == ["cpu", "cpuacct"])
        #expect(cpu.current == "/user.slice")
        #expect(layout.hierarchy(for: "cpuacct") == cpu)
        #expect(layout.hierarchy(for: "net_prio")?.mountPoint == mounts + "/net_cls,net_prio")
    }

    /// Inside a container without its own cgroup namespace, /proc shows full paths while the mounts
    /// show only the container's subtree; a v2 mount may sit anywhere and have spaces in its path.
    @Test func subtreeMountsAndEscapedMountPointsMapCgroupsToTheirDirectories() throws {
        let machine = try FakeCgroupMachine(
            cgroup: "5:memory:/docker/abc/inner\n3:pids:/elsewhere\n0::/docker/abc\n",
            mountinfo: """
                40 31 0:32 /docker/abc /sys/fs/cgroup/memory ro,relatime - cgroup cgroup rw,memory
                41 31 0:33 /docker/abc /sys/fs/cgroup/pids ro,relatime - cgroup cgroup rw,pids
                42 31 0:38 /docker/abc /run/cgroup\\040v2 rw,relatime - cgroup2 cgroup2 rw

                """)
        try machine.write("memory pids\n", to: "/run/cgroup v2/cgroup.controllers")
        let layout = try machine.discover()

        let memory = try #require(layout.hierarchy(for: "memory"))
        #expect(memory.mountRoot == "/docker/abc")
        #expect(memory.directory(of: memory.current) == machine.root + "/sys/fs/cgroup/memory/inner")
        #expect(memory.directory(of: "/docker/abc") == machine.root + "/sys/fs/cgroup/memory")
        #expect(memory.directory(of: "/docker/abcd") == nil)
        #expect(memory.directory(of: "/") == nil)
        // The pids cgroup lies outside the mounted subtree: that hierarchy cannot be used.
        #expect(layout.hierarchies.map(\.version) == [.v1, .v2])
        #expect(layout.unified?.mountPoint == machine.root + "/run/cgroup v2")
        #expect(layout.unified?.controllers == ["memory", "pids"])
        #expect(layout.hierarchy(for: "pids") == layout.unified)
    }

    @Test func hierarchiesWithoutAMountAreLeftOut() throws {
        let machine = try FakeCgroupMachine(
            cgroup: "4:memory:/a\n2:hugetlb:/\n0::/\n",
            mountinfo: "35 31 0:32 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n")
        let layout = try machine.discover()
        #expect(layout.hierarchies.map(\.controllers) == [["memory"]])
    }

    /// A cgroup2 mounted over /sys/fs/cgroup hides the v1 mounts beneath it, which mountinfo still
    /// lists (a v2-only mount namespace made on a hybrid machine, as scripts/test-cgroup2-only does):
    /// only the mount on top counts, though /proc/self/cgroup still names the v1 hierarchies.
    @Test func mountsHiddenByALaterMountAreLeftOut() throws {
        let machine = try FakeCgroupMachine(
            cgroup: ProcCgroupFiles.hybridCgroup,
            mountinfo: ProcCgroupFiles.hybridMountinfo + "70 31 0:38 / /sys/fs/cgroup rw,relatime - cgroup2 none rw\n")
        try machine.write("hugetlb\n", to: "/sys/fs/cgroup/cgroup.controllers")
        let layout = try machine.discover()
        #expect(layout.hierarchies == [CgroupHierarchy(
            version: .v2, controllers: ["hugetlb"], mountPoint: machine.root + "/sys/fs/cgroup", current: "/")])
        #expect(layout.hierarchy(for: "memory") == nil)
    }

    /// A tmpfs mounted over /sys/fs/cgroup with a fresh cgroup2 where the hidden one was: the new
    /// mount is used, though the old one has the same mount point and comes first.
    @Test func aNewMountWhereAHiddenOneWasIsUsed() throws {
        let machine = try FakeCgroupMachine(
            cgroup: ProcCgroupFiles.hybridCgroup,
            mountinfo: ProcCgroupFiles.hybridMountinfo + """
                70 31 0:90 / /sys/fs/cgroup rw,relatime - tmpfs none rw
                71 70 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 none rw

                """)
        try machine.write("hugetlb\n", to: "/sys/fs/cgroup/unified/cgroup.controllers")
        let layout = try machine.discover()
        #expect(layout.hierarchies == [CgroupHierarchy(
            version: .v2, controllers: ["hugetlb"], mountPoint: machine.root + "/sys/fs/cgroup/unified", current: "/")])
    }

    @Test func missingProcFilesAreAnError() {
        #expect(throws: RuntimeError.self) { try CgroupLayout.discover(proc: "/nonexistent-proc") }
    }

    @Test func thisMachinesLayoutNamesTheCgroupsProcShows() throws {
        let layout = try CgroupLayout.discover()
        let membership = try #require(try FileSystem.readString("/proc/self/cgroup"))
        for hierarchy in layout.hierarchies {
            let key = hierarchy.version == .v2 ? "0:" : hierarchy.controllers.joined(separator: ",")
            #expect(membership.contains(key + ":" + hierarchy.current + "\n"))
            #expect(FileSystem.isDirectory(try #require(hierarchy.directory(of: hierarchy.current))))
        }
        #expect(try CgroupLayout.ofThisProcess() == layout)
    }

    @Test func mountinfoLinesAreSplitIntoTheirFields() throws {
        let entry = try #require(MountInfoEntry(
            "29 24 0:26 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid shared:13 master:2 - cgroup cgroup rw,cpu,cpuacct"))
        #expect(entry.root == "/")
        #expect(entry.mountPoint == "/sys/fs/cgroup/cpu,cpuacct")
        #expect(entry.fileSystemType == "cgroup")
        #expect(entry.superOptions == ["rw", "cpu", "cpuacct"])
        #expect(MountInfoEntry("29 24 0:26 / /x rw - cgroup") == nil)
        #expect(MountInfoEntry.unescape("/a\\040b\\011c\\134d\\12") == "/a b\tc\\d\\12")
    }
}
