import Glibc

extension ContainerCgroup {
    /// Makes every planned directory and writes the limits and the device allowlist into it. A
    /// directory that exists already is one a crash left of this same container, and is used again.
    /// On failure whatever was made is removed again before the error is thrown.
    public func create(limits: ResourceLimits) throws {
        do {
            for directory in directories {
                if directory.version == .v2 { try enableControllers(for: directory) }
                try Self.make(directory)
                let settings = CgroupSetting.settings(
                    for: limits, version: directory.version, controllers: directory.controllers)
                    + (limits.blockIO?.settings(in: directory) ?? [])
                for setting in settings { try apply(setting, in: directory) }
                try confineDevices(in: directory)
            }
        } catch {
            try? remove()
            throw error
        }
    }

    /// Makes the directory (one a crash left is used again), with a v1 cpuset one's CPUs and memory nodes.
    static func make(_ directory: CgroupDirectory) throws {
        if mkdir(directory.path, 0o755) != 0 && errno != EEXIST { throw RuntimeError.system("cgroups: mkdir \(directory.path)") }
        if directory.version == .v1 && directory.controllers.contains("cpuset") { try inheritCpuset(directory.path, from: directory.parent) }
    }

    /// A new v1 cpuset cgroup starts with no CPUs and no memory nodes, and takes no process until
    /// given some: its parent's, as runc gives (--cpuset-cpus or --cpuset-mems then narrow them).
    static func inheritCpuset(_ path: String, from parent: String) throws {
        for file in ["cpuset.cpus", "cpuset.mems"] {
            let value = (CgroupFile.read(parent + "/" + file) ?? "").split(separator: "\n").first.map(String.init) ?? ""
            guard !value.isEmpty else { continue }
            try CgroupFile.set(value, at: path + "/" + file)
        }
    }

    /// Writes one limit; a missing file means the kernel lacks the feature (memsw without swap accounting).
    func apply(_ setting: CgroupSetting, in directory: CgroupDirectory) throws {
        let path = directory.file(setting.file)
        switch CgroupFile.write(setting.value, to: path) {
        case 0:
            return
        case ENOENT where setting.optional:
            return
        case ENOENT:
            throw RuntimeError(.system, "cgroups: the kernel cannot enforce this limit here: \(path) is missing")
        case let failure:
            throw RuntimeError.system("cgroups: write \(setting.value) to \(path)", failure)
        }
    }

    /// A v2 cgroup gets a controller only if its parent lists it in cgroup.subtree_control. The kernel
    /// refuses to add one (EBUSY) while the parent, other than the root, holds processes itself: the
    /// "no internal processes" rule. podman then moves those processes into a new child; minirun does
    /// not move processes out of a cgroup it did not create, and says why the limit cannot be had.
    func enableControllers(for directory: CgroupDirectory) throws {
        let control = directory.parent + "/cgroup.subtree_control"
        let enabled = Self.words(control)
        let missing = directory.controllers.filter { !enabled.contains($0) }
        if missing.isEmpty { return }
        let request = missing.map { "+" + $0 }.joined(separator: " ")
        let failure = CgroupFile.write(request, to: control)
        if failure == EBUSY {
            let names = missing.joined(separator: ", ")
            throw RuntimeError(.system,
                "cgroups: cannot enable \(names) for containers beneath \(directory.parent): that cgroup holds "
                    + "processes, and cgroup v2 lets only a cgroup without processes of its own hand controllers to "
                    + "its children; run minirun in a cgroup that delegates \(names), or pass --cgroup-parent")
        }
        if failure != 0 { throw RuntimeError.system("cgroups: write \(request) to \(control)", failure) }
    }

    /// The directories the container's first process moves itself into, by writing 0 to their
    /// `tasks` (mr_cgroup_join): the v1 ones, where a thread moving alone needs no RCU grace period.
    /// On v2 a move always takes the whole process, so there the parent moves it (`addProcess`).
    var joinedByFirstProcess: [CgroupDirectory] { directories.filter { $0.version == .v1 } }

    /// Moves a process (an `exec`ed one) into every directory, or the container's first process into
    /// those it does not join itself.
    public func addProcess(_ pid: Int32, firstProcess: Bool = false) throws {
        for directory in directories where !(firstProcess && joinedByFirstProcess.contains(directory)) {
            try CgroupFile.set(String(pid), at: directory.file("cgroup.procs"))
        }
    }

    /// The pids of every process in the container's cgroup.
    public var processes: [Int32] {
        guard let directory = directories.first(where: { $0.controllers.contains("pids") || $0.controllers.contains("memory") })
            ?? directories.first
        else { return [] }
        return (CgroupFile.read(directory.file("cgroup.procs")) ?? "").split(separator: "\n").compactMap { Int32($0) }
    }

    /// Kills what is left in the cgroup of a container whose processes do not all die with its first
    /// one (they do with a PID namespace of its own), as runc does, until none is left (a second
    /// at most: a process forking meanwhile is found again).
    func killRemainingProcesses() {
        let deadline = Self.monotonicSeconds() + 1
        while case let left = processes, !left.isEmpty, Self.monotonicSeconds() < deadline {
            for pid in left { kill(pid, SIGKILL) }
            usleep(1_000)
        }
    }

    /// Removes the recorded directories and nothing else; one already gone is fine. The kernel
    /// refuses (EBUSY) while the last processes are still exiting, so each is tried again for up to
    /// `timeout` seconds. A path whose last part does not start with "minirun-" is never touched.
    public func remove(timeout: Double = 2) throws {
        let deadline = Self.monotonicSeconds() + timeout
        var firstError: RuntimeError?
        for directory in directories.reversed() {
            let name = directory.path.split(separator: "/").last ?? ""
            guard name.hasPrefix(Self.namePrefix) else {
                firstError = firstError
                    ?? RuntimeError(.system, "cgroups: refusing to remove \(directory.path), which minirun did not name")
                continue
            }
            while rmdir(directory.path) != 0 {
                let failure = errno
                if failure == ENOENT { break }
                if failure == EBUSY && Self.monotonicSeconds() < deadline {
                    usleep(10_000)
                    continue
                }
                firstError = firstError ?? RuntimeError.system("cgroups: remove \(directory.path)", failure)
                break
            }
        }
        if let firstError { throw firstError }
    }

    private static func monotonicSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
