import Glibc

/// An OCI container's cgroup: the bundle's cgroupsPath in every mounted hierarchy (each v1 one with
/// a controller, and the v2 one), as runc places it with cgroupfs. An absolute path is taken from
/// each hierarchy's root, a relative one from the cgroup minirun-oci runs in, and a systemd-style
/// "slice:prefix:name" (what callers pass with --systemd-cgroup) becomes the directory systemd would
/// make, /slice/prefix-name.scope; no systemd unit is made. Only the directories minirun-oci made are
/// recorded (`made`), and only those are removed.
struct OCICgroup: Codable, Sendable {
    var cgroup: ContainerCgroup
    /// Every directory created, parents first: what `remove` takes away, children first.
    var made: [String] = []

    static func path(_ cgroupsPath: String?, id: String) -> String {
        guard let text = cgroupsPath, !text.isEmpty else { return id }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count == 3 && !text.hasPrefix("/") {
            let slice = parts[0].isEmpty ? "system.slice" : String(parts[0])
            return "/" + slice + "/" + (parts[1].isEmpty ? "" : parts[1] + "-") + parts[2] + ".scope"
        }
        return text
    }

    /// On v2 the directory gets the controllers stats and `limits` use, those `resources` need
    /// (OCIResources+Files), and io wherever offered, so that `update` can set blockIO later.
    static func plan(cgroupsPath: String?, id: String, limits: ResourceLimits, resources: OCIResources? = nil,
                     devices: DeviceAllowlist?, layout: CgroupLayout) throws -> OCICgroup {
        let cgroupPath = path(cgroupsPath, id: id)
        let words = cgroupPath.split(separator: "/")
        if words.contains(where: { $0 == "." || $0 == ".." }) {
            throw RuntimeError(.invalidArgument, "invalid cgroupsPath \(cgroupPath)")
        }
        let required = limits.requiredControllers + (resources?.fileControllers(layout: layout) ?? [])
        var wantedOnV2: [String] = []
        for name in ContainerCgroup.usedControllers + ["io"] + required where !wantedOnV2.contains(name) {
            wantedOnV2.append(name)
        }
        var directories: [CgroupDirectory] = []
        for hierarchy in layout.hierarchies {
            if hierarchy.version == .v1 && hierarchy.controllers.allSatisfy({ $0.hasPrefix("name=") }) { continue }
            let base = cgroupPath.hasPrefix("/") ? "" : (hierarchy.current == "/" ? "" : hierarchy.current)
            let cgroup = base + "/" + words.joined(separator: "/")
            guard let directory = hierarchy.directory(of: cgroup) else {
                throw RuntimeError(.invalidArgument, "cgroupsPath \(cgroup) lies outside the cgroup mount at \(hierarchy.mountPoint)")
            }
            let controllers = hierarchy.version == .v1 ? hierarchy.controllers : wantedOnV2.filter(hierarchy.controllers.contains)
            directories.append(CgroupDirectory(path: directory, version: hierarchy.version, controllers: controllers))
        }
        if let missing = required.first(where: { controller in
            !directories.contains { $0.controllers.contains(controller) }
        }) {
            throw RuntimeError(.system, "cgroups: no \(missing) controller is mounted, so its limits cannot be enforced")
        }
        return OCICgroup(cgroup: ContainerCgroup(directories: directories, devices: devices))
    }

    /// The directories to record before `create`: every one that does not exist yet, with its parents.
    mutating func recordMissing() {
        made = []
        for directory in cgroup.directories {
            var path = ""
            for part in directory.path.split(separator: "/") {
                path += "/" + part
                if !FileSystem.exists(path) && !made.contains(path) { made.append(path) }
            }
        }
    }

    /// Makes the directories, enables the controllers the limits need on v2, writes the limits and
    /// the device allowlist.
    func create(limits: ResourceLimits, resources: OCIResources? = nil) throws {
        for directory in cgroup.directories {
            var path = ""
            for part in directory.path.split(separator: "/") {
                let parent = path
                path += "/" + part
                guard made.contains(path) else { continue }
                if directory.version == .v2 {
                    // One by one: the kernel enables none of a list when the parent lacks one of them,
                    // and a controller not delegated here fails only the limits that need it.
                    for controller in directory.controllers {
                        _ = CgroupFile.write("+" + controller, to: parent + "/cgroup.subtree_control")
                    }
                }
                if mkdir(path, 0o755) != 0 && errno != EEXIST { throw RuntimeError.system("cgroups: mkdir \(path)") }
                if directory.controllers.contains("cpuset") { try ContainerCgroup.inheritCpuset(path, from: parent) }
            }
            try write(settings(limits, resources, in: directory), in: directory)
            try cgroup.confineDevices(in: directory)
        }
    }

    func write(_ settings: [CgroupSetting], in directory: CgroupDirectory) throws {
        for setting in settings {
            let failure = CgroupFile.write(setting.value, to: directory.file(setting.file))
            if failure != 0 && !(failure == ENOENT && setting.optional) {
                throw RuntimeError.system("cgroups: write \(setting.value) to \(directory.file(setting.file))", failure)
            }
        }
    }

    /// `resources` beyond `limits`: runc's `update` changes blockIO too, but neither hugepage limits
    /// nor network classes, which it leaves as created.
    func update(_ limits: ResourceLimits, resources: OCIResources? = nil) throws {
        let blockIO = OCIResources(blockIO: resources?.blockIO)
        for directory in cgroup.directories {
            try write(settings(limits, blockIO, in: directory), in: directory)
        }
    }

    private func settings(_ limits: ResourceLimits, _ resources: OCIResources?, in directory: CgroupDirectory) -> [CgroupSetting] {
        CgroupSetting.settings(for: limits, version: directory.version, controllers: directory.controllers)
            + (resources?.fileSettings(in: directory) ?? [])
    }

    /// The pids of every process in the container's cgroup.
    var processes: [Int32] { cgroup.processes }

    private var freezer: CgroupDirectory? {
        cgroup.directories.first { $0.controllers.contains("freezer") } ?? cgroup.directories.first { $0.version == .v2 }
    }

    func freeze(_ frozen: Bool) throws {
        guard let directory = freezer else { throw RuntimeError(.system, "cgroups: no freezer is mounted") }
        let (file, value) = directory.version == .v1 ? ("freezer.state", frozen ? "FROZEN" : "THAWED") : ("cgroup.freeze", frozen ? "1" : "0")
        try CgroupFile.set(value, at: directory.file(file))
    }

    var isFrozen: Bool {
        guard let directory = freezer else { return false }
        if directory.version == .v1 {
            return (CgroupFile.read(directory.file("freezer.state")) ?? "").hasPrefix("FROZEN")
        }
        return (CgroupFile.read(directory.file("cgroup.freeze")) ?? "").hasPrefix("1")
    }

    /// Removes what `create` made, children first; one already gone is fine. The kernel refuses
    /// (EBUSY) while the last processes exit, so each is tried for up to two seconds.
    func remove() throws {
        for path in made.reversed() {
            var tries = 200
            while rmdir(path) != 0 {
                if errno == ENOENT { break }
                tries -= 1
                if errno != EBUSY || tries == 0 { throw RuntimeError.system("cgroups: remove \(path)") }
                usleep(10_000)
            }
        }
    }
}

extension ResourceLimits {
    /// A config.json's linux.resources in Docker's terms (swap is memory plus swap in both).
    init(oci resources: OCIResources?) {
        self.init()
        guard let resources else { return }
        memory = resources.memory?.limit.flatMap { $0 > 0 ? $0 : nil }
        memorySwap = resources.memory?.swap.flatMap { $0 != 0 ? $0 : nil }
        memoryReservation = resources.memory?.reservation.flatMap { $0 > 0 ? $0 : nil }
        // Kept as given, not as a share of CPUs: the same share over another period is not the same
        // limit (a longer period lets a burst run longer before the throttle).
        cpuQuota = resources.cpu?.quota.flatMap { $0 > 0 ? Int($0) : nil }
        cpuPeriod = resources.cpu?.period.flatMap { $0 > 0 ? Int($0) : nil }
        cpuShares = resources.cpu?.shares.flatMap { $0 > 0 ? Int($0) : nil }
        pidsLimit = resources.pids.map { Int($0.limit) }
        cpusetCpus = resources.cpu?.cpus.flatMap { $0.isEmpty ? nil : $0 }
        cpusetMems = resources.cpu?.mems.flatMap { $0.isEmpty ? nil : $0 }
    }
}

extension DeviceAllowlist {
    /// The allow rules of linux.resources.devices in their order (devices.list shows them so, as the
    /// spec asks), then Docker's default allowlist and the bundle's devices, so that a config without
    /// rules still opens /dev/null; nil (no confinement) only when the rules allow every device.
    init?(oci rules: [OCIDeviceRule]?, devices: [DeviceNode]) {
        var allowed: [DeviceRule] = []
        for rule in rules ?? [] where rule.allow {
            let kind = DeviceRule.Kind(rawValue: rule.type ?? "a") ?? .all
            let access = DeviceAccess(letters: rule.access ?? "rwm") ?? .all
            if kind == .all && rule.major == nil && rule.minor == nil && access == .all { return nil }
            allowed.append(DeviceRule(kind, rule.major.flatMap { $0 < 0 ? nil : UInt32($0) },
                                      rule.minor.flatMap { $0 < 0 ? nil : UInt32($0) }, access))
        }
        self.init(rules: allowed + Self.dockerDefaults + devices.map(\.rule))
    }
}
