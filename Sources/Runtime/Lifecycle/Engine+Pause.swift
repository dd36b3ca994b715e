import Glibc

extension Engine {
    /// `pause`: freezes every process of the running container in its cgroup (see CgroupDirectory's
    /// setFrozen). On cgroup v1 the freezer directory is made at the first pause, and the container's
    /// processes are moved into it then; a start pays nothing for it.
    public func pause(_ reference: String) throws {
        let operation = try containers.operationLock(try containers.resolve(reference))
        defer { operation.unlock() }
        let record = try inspect(reference)
        guard record.state.status == .running else { throw RuntimeError(.conflict, "container \(record.id) is not running") }
        guard !record.state.paused else { throw RuntimeError(.conflict, "Container \(record.id) is already paused") }
        guard let cgroup = record.state.cgroup,
              let freezer = try cgroup.freezerDirectory(containerID: record.id, parent: record.config.cgroupParent, layout: try CgroupLayout.ofThisProcess())
        else {
            throw RuntimeError(.conflict, "cannot pause container \(record.id): it has no cgroup to freeze it in (--cgroups=disabled, or no freezer)")
        }
        if !cgroup.directories.contains(freezer) { try addCgroupDirectory(freezer, to: record) }
        try freezer.setFrozen(true)
        try containers.update(record.id) { $0.state.paused = true }
    }

    /// `unpause`: thaws what `pause` froze.
    public func unpause(_ reference: String) throws {
        let operation = try containers.operationLock(try containers.resolve(reference))
        defer { operation.unlock() }
        let record = try inspect(reference)
        guard record.state.status == .running, record.state.paused else {
            throw RuntimeError(.conflict, "Container \(record.id) is not paused")
        }
        try thaw(record)
    }

    /// Thaws a paused container: after `unpause`, and after a signal that stops it, which a frozen
    /// process would not act on. A container that ended meanwhile (v2 lets a frozen process die of
    /// SIGKILL), its cgroup or its record gone, is left as it is.
    func thaw(_ record: ContainerRecord) throws {
        guard record.state.paused else { return }
        let layout = try CgroupLayout.ofThisProcess()
        if let freezer = try record.state.cgroup?.freezerDirectory(containerID: record.id, parent: record.config.cgroupParent, layout: layout) {
            do { try freezer.setFrozen(false) } catch where !FileSystem.isDirectory(freezer.path) {}
        }
        do { try containers.update(record.id) { $0.state.paused = false } } catch where !FileSystem.exists(containers.directory(record.id)) {}
    }

    /// A directory the running container's cgroup did not have - a v1 freezer at its first pause,
    /// a v1 hierarchy a new limit needs (`update`) - recorded before it is made, so that its removal
    /// with the others never misses it; then made, and the container's processes moved in.
    func addCgroupDirectory(_ directory: CgroupDirectory, to record: ContainerRecord) throws {
        try containers.update(record.id) { $0.state.cgroup?.directories.append(directory) }
        try ContainerCgroup.make(directory)
        try moveProcesses(of: record, into: directory)
    }

    /// Every process of the container into `directory`, until none is left outside: one may fork
    /// while the others move (its child stays where its parent was).
    private func moveProcesses(of record: ContainerRecord, into directory: CgroupDirectory) throws {
        var moved: Set<Int32> = []
        while true {
            let left = ContainerProcesses.list(record).map(\.pid).filter { !moved.contains($0) }
            if left.isEmpty { return }
            for pid in left {
                do { try CgroupFile.set(String(pid), at: directory.file("cgroup.procs")) } catch where Glibc.kill(pid, 0) != 0 {
                    continue  // it exited meanwhile
                }
                moved.insert(pid)
            }
        }
    }
}
