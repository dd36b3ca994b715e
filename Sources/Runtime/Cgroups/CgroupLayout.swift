/// Where the cgroup controllers live on this machine and which cgroup the calling process is in,
/// read from /proc/self/cgroup and /proc/self/mountinfo: pure cgroup v2 (one unified hierarchy),
/// pure v1 (a mount per controller or per group such as cpu,cpuacct) or a hybrid of both.
public struct CgroupLayout: Sendable, Equatable {
    /// v1 hierarchies in /proc/self/cgroup's order, then the unified one.
    public var hierarchies: [CgroupHierarchy]

    public init(hierarchies: [CgroupHierarchy]) {
        self.hierarchies = hierarchies
    }

    /// The layout of this process, read once: neither the cgroup mounts nor the cgroup minirun runs
    /// in change while a command runs, and `run` needs the layout both to check limits and to start.
    public static func ofThisProcess() throws -> CgroupLayout { try read.get() }
    private static let read = Result { try discover() }

    /// Reads the layout of the calling process. `proc` and `root` stand in for /proc and / so that
    /// tests can describe a machine with files: mount points in mountinfo are taken below `root`.
    /// A hierarchy the process belongs to but that is not mounted (or not mounted so that its cgroup
    /// is reachable, or hidden by a later mount) is left out: the layout is what the mounts show,
    /// as /proc/self/cgroup still names v1 hierarchies where a cgroup2 was mounted over them.
    public static func discover(proc: String = "/proc", root: String = "") throws -> CgroupLayout {
        guard let membership = try FileSystem.readString(proc + "/self/cgroup"),
              let mountInfo = try FileSystem.readString(proc + "/self/mountinfo")
        else { throw RuntimeError(.system, "cgroups: \(proc)/self/cgroup or \(proc)/self/mountinfo is missing") }
        let mounts = MountInfoEntry.visible(lines(of: mountInfo).compactMap(MountInfoEntry.init)) { mount in
            mount.fileSystemType == "cgroup" || mount.fileSystemType == "cgroup2"
        }
        var v1: [CgroupHierarchy] = []
        var unified: CgroupHierarchy?
        for line in lines(of: membership) {
            let fields = line.utf8.split(separator: UInt8(ascii: ":"), maxSplits: 2, omittingEmptySubsequences: false)
                .map(Substring.init)
            guard fields.count == 3 else { continue }
            let current = String(fields[2])
            if fields[0] == "0" && fields[1].isEmpty {
                let candidates = mounts.filter { $0.fileSystemType == "cgroup2" }
                guard let mount = reachable(candidates, current) else { continue }
                let offered = try FileSystem.readString(root + mount.mountPoint + "/cgroup.controllers") ?? ""
                unified = CgroupHierarchy(
                    version: .v2, controllers: offered.split(whereSeparator: \.isWhitespace).map(String.init),
                    mountPoint: root + mount.mountPoint, mountRoot: mount.root, current: current)
            } else {
                let controllers = fields[1].split(separator: ",").map(String.init)
                let candidates = mounts.filter { mount in
                    mount.fileSystemType == "cgroup" && controllers.allSatisfy(mount.superOptions.contains)
                }
                guard !controllers.isEmpty, let mount = reachable(candidates, current) else { continue }
                v1.append(CgroupHierarchy(
                    version: .v1, controllers: controllers, mountPoint: root + mount.mountPoint,
                    mountRoot: mount.root, current: current))
            }
        }
        return CgroupLayout(hierarchies: v1 + (unified.map { [$0] } ?? []))
    }

    /// The lines of a /proc file, split as bytes rather than as Characters (see `MountInfoEntry`).
    private static func lines(of text: String) -> [Substring] {
        text.utf8.split(separator: UInt8(ascii: "\n")).map(Substring.init)
    }

    /// The first mount of a hierarchy through which the cgroup can be reached.
    private static func reachable(_ mounts: [MountInfoEntry], _ cgroup: String) -> MountInfoEntry? {
        mounts.first { mount in
            mount.root == "/" || cgroup == mount.root || cgroup.hasPrefix(mount.root + "/")
        }
    }

    /// The unified (v2) hierarchy, if one is mounted.
    public var unified: CgroupHierarchy? {
        hierarchies.first { $0.version == .v2 }
    }

    /// Where a controller is: its v1 hierarchy if one has it, else the unified hierarchy if that offers it.
    public func hierarchy(for controller: String) -> CgroupHierarchy? {
        hierarchies.first { $0.version == .v1 && $0.controllers.contains(controller) }
            ?? unified.flatMap { $0.controllers.contains(controller) ? $0 : nil }
    }
}
