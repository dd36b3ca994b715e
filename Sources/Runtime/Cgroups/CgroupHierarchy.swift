/// One mounted cgroup hierarchy and where the calling process sits in it.
/// cgroup v1 has one hierarchy per controller or group of controllers ("cpu,cpuacct"); cgroup v2 has
/// a single unified one whose controllers are the ones no v1 hierarchy took.
public struct CgroupHierarchy: Sendable, Equatable {
    /// Recorded with each directory of a container's cgroup, which is read differently on each.
    public enum Version: String, Codable, Sendable {
        case v1, v2
    }

    public var version: Version
    /// v1: the hierarchy's controllers as /proc/self/cgroup names them ("memory"; "cpu", "cpuacct";
    /// "name=systemd"). v2: the controllers the unified hierarchy offers (its root's cgroup.controllers).
    public var controllers: [String]
    /// Where the hierarchy is mounted, e.g. /sys/fs/cgroup/memory.
    public var mountPoint: String
    /// The cgroup that appears at `mountPoint`, "/" unless only a subtree is mounted.
    public var mountRoot: String
    /// The calling process's cgroup, e.g. /user.slice/session-1.scope.
    public var current: String

    public init(version: Version, controllers: [String], mountPoint: String, mountRoot: String = "/",
                current: String) {
        self.version = version
        self.controllers = controllers
        self.mountPoint = mountPoint
        self.mountRoot = mountRoot
        self.current = current
    }

    /// The directory of a cgroup (a path in the hierarchy such as /a/b), nil when the mount does not
    /// reach it because it lies outside the mounted subtree.
    public func directory(of cgroup: String) -> String? {
        let root = mountRoot.hasSuffix("/") ? String(mountRoot.dropLast()) : mountRoot
        guard cgroup == root || cgroup.hasPrefix(root + "/") else { return nil }
        let rest = String(cgroup.dropFirst(root.count))  // String + Substring would take a generic path
        let base = mountPoint.hasSuffix("/") ? String(mountPoint.dropLast()) : mountPoint
        return rest.isEmpty || rest == "/" ? base : base + rest
    }
}
