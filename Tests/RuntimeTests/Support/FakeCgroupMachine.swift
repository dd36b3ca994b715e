import Foundation
@testable import Runtime

/// A machine described with files in a temporary directory: `proc/self/cgroup`,
/// `proc/self/mountinfo`, and cgroup directories with the control files the kernel would show, so
/// that layout discovery, planning and limit writing run against known cgroupfs trees.
final class FakeCgroupMachine {
    let directory: TemporaryDirectory
    var root: String { directory.path }
    var proc: String { root + "/proc" }

    convenience init(_ files: ProcCgroupFiles) throws {
        try self.init(cgroup: files.cgroup, mountinfo: files.mountinfo)
    }

    init(cgroup: String, mountinfo: String) throws {
        directory = try TemporaryDirectory()
        try write(cgroup, to: "/proc/self/cgroup")
        try write(mountinfo, to: "/proc/self/mountinfo")
    }

    func discover() throws -> CgroupLayout {
        try CgroupLayout.discover(proc: proc, root: root)
    }

    /// Plans the cgroup of the fake container on this machine; without a device allowlist unless
    /// given one, so that the tests of limits see only the directories limits and stats need.
    func plan(_ limits: ResourceLimits = ResourceLimits(), parent: String? = nil, devices: DeviceAllowlist? = nil) throws -> ContainerCgroup {
        try ContainerCgroup.plan(containerID: fakeContainerID, parent: parent, limits: limits, devices: devices, layout: discover())
    }

    /// Writes a file below the machine's root, making its directories.
    func write(_ text: String, to path: String) throws {
        let full = root + path
        try FileManager.default.createDirectory(
            atPath: String(full[..<full.lastIndex(of: "/")!]), withIntermediateDirectories: true)
        try text.write(toFile: full, atomically: false, encoding: .utf8)
    }

    func makeDirectory(_ path: String) throws {
        try FileManager.default.createDirectory(atPath: root + path, withIntermediateDirectories: true)
    }

    /// A cgroup directory as the kernel makes it: every control file present and empty.
    func makeCgroup(_ path: String, files: [String]) throws {
        try makeDirectory(path)
        for file in files { try write("", to: path + "/" + file) }
    }

    func read(_ path: String) -> String? {
        try? String(contentsOfFile: root + path, encoding: .utf8)
    }

    /// Every file and directory below a path, relative to it.
    func listing(_ path: String) -> [String] {
        (FileManager.default.subpaths(atPath: root + path) ?? []).sorted()
    }
}

/// The container every fake-machine test plans for, and the directory name it gets.
let fakeContainerID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
let fakeCgroupName = "minirun-0123456789ab"

extension FakeCgroupMachine {
    /// The build machine's layout, with the caller's cgroups present.
    static func hybrid() throws -> FakeCgroupMachine {
        let machine = try FakeCgroupMachine(.hybrid)
        try machine.write("hugetlb\n", to: "/sys/fs/cgroup/unified/cgroup.controllers")
        try machine.write("hugetlb\n", to: "/sys/fs/cgroup/unified/cgroup.subtree_control")
        for controller in ["pids", "blkio", "freezer", "devices", "cpuset", "cpuacct", "cpu", "systemd"] {
            try machine.makeDirectory("/sys/fs/cgroup/" + controller)
        }
        try machine.makeDirectory("/sys/fs/cgroup/memory/process_api/e30cdb98")
        return machine
    }

    /// A pure v2 machine whose session cgroup offers every controller and has `delegated` enabled for children.
    static func unified(delegated: String) throws -> FakeCgroupMachine {
        let machine = try FakeCgroupMachine(.unified)
        let session = "/sys/fs/cgroup/user.slice/user-0.slice/session-3.scope"
        try machine.write("cpuset cpu io memory hugetlb pids\n", to: "/sys/fs/cgroup/cgroup.controllers")
        try machine.write("cpuset cpu io memory hugetlb pids\n", to: session + "/cgroup.controllers")
        try machine.write(delegated, to: session + "/cgroup.subtree_control")
        return machine
    }
}

/// A machine's cgroups as /proc/self shows them.
struct ProcCgroupFiles {
    var cgroup: String
    var mountinfo: String

    static let hybrid = ProcCgroupFiles(cgroup: hybridCgroup, mountinfo: hybridMountinfo)
    static let unified = ProcCgroupFiles(cgroup: unifiedCgroup, mountinfo: unifiedMountinfo)
    static let combined = ProcCgroupFiles(cgroup: combinedCgroup, mountinfo: combinedMountinfo)

    /// This project's build machine: v1 controllers each on their own mount under /sys/fs/cgroup, a v2
    /// hierarchy at /sys/fs/cgroup/unified with only hugetlb, the caller in a memory cgroup of its own.
    static let hybridCgroup = """
        9:name=systemd:/
        8:pids:/
        7:blkio:/
        6:freezer:/
        5:devices:/
        4:memory:/process_api/e30cdb98
        3:cpuset:/
        2:cpuacct:/
        1:cpu:/
        0::/

        """
    static let hybridMountinfo = """
        22 1 0:21 / /proc rw,nosuid,nodev,noexec,relatime - proc proc rw
        31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
        32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
        33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
        34 31 0:31 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset
        35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
        36 31 0:33 / /sys/fs/cgroup/devices rw,relatime - cgroup cgroup rw,devices
        37 31 0:34 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer
        38 31 0:35 / /sys/fs/cgroup/blkio rw,relatime - cgroup cgroup rw,blkio
        39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
        40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
        41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw

        """

    /// A systemd machine on pure cgroup v2, the caller in a login session.
    static let unifiedCgroup = "0::/user.slice/user-0.slice/session-3.scope\n"
    static let unifiedMountinfo = """
        25 1 259:2 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p2 rw
        27 22 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot

        """

    /// Older systemd on pure v1: cpu and cpuacct share a mount (named "cpu,cpuacct"), as do
    /// net_cls and net_prio; there is no v2 mount although /proc lists the v2 line.
    static let combinedCgroup = """
        12:pids:/user.slice/user-0.slice/session-1.scope
        11:net_cls,net_prio:/
        4:memory:/user.slice/user-0.slice/session-1.scope
        3:cpu,cpuacct:/user.slice
        1:name=systemd:/user.slice/user-0.slice/session-1.scope
        0::/user.slice/user-0.slice/session-1.scope

        """
    static let combinedMountinfo = """
        24 18 0:21 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755
        26 24 0:23 / /sys/fs/cgroup/systemd rw,nosuid,nodev,noexec,relatime shared:10 - cgroup cgroup rw,xattr,name=systemd
        29 24 0:26 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:13 - cgroup cgroup rw,cpu,cpuacct
        30 24 0:27 / /sys/fs/cgroup/net_cls,net_prio rw,nosuid,nodev,noexec,relatime shared:14 - cgroup cgroup rw,net_cls,net_prio
        31 24 0:28 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime shared:15 - cgroup cgroup rw,memory
        32 24 0:29 / /sys/fs/cgroup/pids rw,nosuid,nodev,noexec,relatime shared:16 - cgroup cgroup rw,pids

        """
}
