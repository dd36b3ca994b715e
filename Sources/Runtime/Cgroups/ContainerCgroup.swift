/// A container's cgroup: one directory `minirun-<id12>` in each hierarchy whose controllers stats
/// need (memory, cpuacct, pids) or its limits need (cpu too), beneath the cgroup minirun runs in, so
/// that limits on the caller still bind its containers, or beneath `--cgroup-parent`.
///
/// Use: `plan` says where the directories go and creates nothing, so the caller can record them
/// first; `create` makes them and writes the limits; the container's first process joins them
/// (itself, or through `addProcess`, which also moves each `exec`); `remove` takes exactly the
/// recorded directories away.
/// Its device allowlist goes into a directory in the v1 devices hierarchy, or where there is none, a
/// device program is attached to its v2 directory (see ContainerCgroup+Devices).
/// The hierarchies minirun does not need (cpuset, freezer, blkio, named ones) are left alone:
/// there a container stays in its caller's cgroup.
public struct ContainerCgroup: Codable, Sendable, Equatable {
    public var directories: [CgroupDirectory]
    /// The devices the container may use; nil for every device (--privileged, and the records of
    /// containers started before minirun confined devices).
    public var devices: DeviceAllowlist?

    public init(directories: [CgroupDirectory], devices: DeviceAllowlist? = nil) {
        self.directories = directories
        self.devices = devices
    }

    /// The controllers whose files limits and stats use; cpu time on v2 comes from cpu.stat, which
    /// every v2 cgroup has.
    static let usedControllers = ["memory", "cpu", "cpuacct", "pids"]

    /// The v1 controllers whose files stats read, wanted whatever the limits: on v1, cpu time comes
    /// from cpuacct, so a cpu hierarchy of its own is only made for a CPU limit. Each v1 directory
    /// costs every start and removal a mkdir, a move and an rmdir (0.1 ms for cpu on this kind of
    /// machine).
    static let statsControllersOnV1 = ["memory", "cpuacct", "pids"]
    static let namePrefix = "minirun-"

    /// "minirun-" and the short ID: recognisable in every hierarchy as minirun's, and the only kind of
    /// directory `remove` will take away.
    public static func name(for containerID: String) throws -> String {
        let hexDigits = "0123456789abcdefABCDEF".utf8
        guard !containerID.isEmpty, containerID.utf8.allSatisfy(hexDigits.contains) else {
            throw RuntimeError(.invalidArgument, "cgroups: invalid container ID \(Identifiers.printable(containerID))")
        }
        return namePrefix + Identifiers.short(containerID)
    }

    /// Where the container's cgroup goes, without creating anything. `parent` is `--cgroup-parent`:
    /// an absolute cgroup path (/minirun) is taken from each hierarchy's root, a relative one
    /// (ci/job1) from the caller's cgroup; it must exist. Fails when a limit needs a controller that
    /// is not there, or when `devices` are to be confined and neither a v1 devices hierarchy nor a
    /// v2 one is mounted.
    public static func plan(containerID: String, parent: String? = nil, limits: ResourceLimits,
                            devices: DeviceAllowlist?, layout: CgroupLayout) throws -> ContainerCgroup {
        let name = try name(for: containerID)
        let parent = try parent.flatMap(normalizedParent)
        var directories: [CgroupDirectory] = []
        let requiredControllers = limits.requiredControllers + (limits.blockIO?.controller(layout: layout).map { [$0] } ?? [])
        let wantedOnV1 = statsControllersOnV1 + requiredControllers + (devices == nil ? [] : ["devices"])
        for hierarchy in layout.hierarchies where hierarchy.version == .v1 {
            guard hierarchy.controllers.contains(where: wantedOnV1.contains) else { continue }
            let base = try parentDirectory(parent, in: hierarchy)
            directories.append(
                CgroupDirectory(path: base + "/" + name, version: .v1, controllers: hierarchy.controllers))
        }
        // Controllers only some limits use: on v2 the directory gets them only when asked for.
        let occasional = requiredControllers.filter { ["cpuset", "io"].contains($0) }
        let onV2 = (usedControllers + occasional).filter { layout.hierarchy(for: $0)?.version == .v2 }
        let cpuTimeOnV1 = directories.contains { $0.controllers.contains("cpuacct") }
        let devicesOnV2 = devices != nil && !directories.contains { $0.controllers.contains("devices") }
        if let unified = layout.unified, !onV2.isEmpty || !cpuTimeOnV1 || devicesOnV2 {
            let base = try parentDirectory(parent, in: unified)
            let offered = words(base + "/cgroup.controllers")
            let delegated = words(base + "/cgroup.subtree_control")
            let required = requiredControllers.filter(onV2.contains)
            if let missing = required.first(where: { !offered.contains($0) }) {
                throw RuntimeError(.system, "cgroups: the \(missing) controller is not available beneath \(base)")
            }
            let controllers = onV2.filter { required.contains($0) || delegated.contains($0) }
            directories.append(CgroupDirectory(path: base + "/" + name, version: .v2, controllers: controllers))
        }
        if let missing = requiredControllers.first(where: { controller in
            !directories.contains { $0.controllers.contains(controller) }
        }) {
            throw RuntimeError(.system, "cgroups: no \(missing) controller is mounted, so its limits cannot be enforced")
        }
        if devicesOnV2 && layout.unified == nil {
            throw RuntimeError(.system, "cgroups: neither a devices controller (cgroup v1) nor a cgroup v2 hierarchy is mounted, "
                + "so the container's access to devices cannot be confined")
        }
        return ContainerCgroup(directories: directories, devices: devices)
    }

    /// Where the container can be frozen (`pause`): its v2 directory, whose cgroup.freeze every v2
    /// cgroup has; else a directory of its own in the v1 freezer hierarchy, beside its others (made
    /// at its first pause, not at every start); nil where neither is mounted.
    func freezerDirectory(containerID: String, parent: String?, layout: CgroupLayout) throws -> CgroupDirectory? {
        if let directory = directories.first(where: { $0.version == .v2 || $0.controllers.contains("freezer") }) { return directory }
        guard let hierarchy = layout.hierarchies.first(where: { $0.version == .v1 && $0.controllers.contains("freezer") }) else { return nil }
        let base = try Self.parentDirectory(try parent.flatMap(Self.normalizedParent), in: hierarchy)
        return CgroupDirectory(path: base + "/" + (try Self.name(for: containerID)), version: .v1, controllers: hierarchy.controllers)
    }

    /// `--cgroup-parent` without empty parts, nil when a relative one is empty. "." and ".." are
    /// refused: a parent must not climb out of the cgroup it is named from.
    private static func normalizedParent(_ text: String) throws -> String? {
        let parts = text.split(separator: "/")
        if parts.contains(where: { $0 == "." || $0 == ".." || $0.unicodeScalars.contains { $0.value < 32 } }) {
            throw RuntimeError(.invalidArgument, "cgroups: invalid cgroup parent \(Identifiers.printable(text))")
        }
        if text.hasPrefix("/") { return "/" + parts.joined(separator: "/") }
        return parts.isEmpty ? nil : parts.joined(separator: "/")
    }

    /// The directory of the cgroup containers go beneath in one hierarchy.
    private static func parentDirectory(_ parent: String?, in hierarchy: CgroupHierarchy) throws -> String {
        var cgroup = hierarchy.current
        if let parent {
            cgroup = parent.hasPrefix("/") ? parent : (cgroup == "/" ? "" : cgroup) + "/" + parent
        }
        guard let directory = hierarchy.directory(of: cgroup) else {
            throw RuntimeError(.invalidArgument, "cgroups: \(cgroup) lies outside the cgroup mount at \(hierarchy.mountPoint)")
        }
        guard FileSystem.isDirectory(directory) else {
            throw RuntimeError(.invalidArgument, "cgroups: the parent cgroup \(cgroup) does not exist (\(directory))")
        }
        return directory
    }

    static func words(_ path: String) -> [String] {
        (CgroupFile.read(path) ?? "").split(whereSeparator: \.isWhitespace).map(String.init)
    }
}
