import Glibc

extension Engine {
    /// The record with its state checked against the kernel: a container recorded as running whose
    /// process is gone (its monitor died, the host rebooted, minirun was killed) is exited.
    public func current(_ record: ContainerRecord) -> ContainerRecord {
        guard record.state.status == .running, let process = record.state.process, !process.isAlive else { return record }
        var updated = record
        updated.state.status = .exited
        if let (code, finished) = readExitFile(record.id), finished >= record.state.startedAt {
            updated.state.exitCode = code
            updated.state.finishedAt = finished
        } else {
            updated.state.exitCode = 255
        }
        // Until the monitor's cleanup records it, the cgroup still knows whether the OOM killer struck.
        if let cgroup = record.state.cgroup, cgroup.oomKilled() { updated.state.oomKilled = true }
        return updated
    }

    public func isRunning(_ record: ContainerRecord) -> Bool {
        current(record).state.status == .running
    }

    /// Every container, checked, newest first.
    /// Every container as it is now; `replacing` stands in for its own record on disk (see
    /// ContainerStore.list).
    public func listContainers(replacing record: ContainerRecord? = nil) -> [ContainerRecord] {
        containers.list(replacing: record).map(current)
    }

    /// Every container as it is now, with those whose record is damaged.
    public func containerListing() -> ContainerListing {
        let (records, damaged) = containers.listing()
        return ContainerListing(records: records.map(current), damaged: damaged.map { describeDamaged($0.id, problem: $0.problem) })
    }

    func describeDamaged(_ id: String, problem: String) -> DamagedContainer {
        var st = stat()
        let changed = stat(containers.directory(id), &st) == 0
            ? Timestamp(seconds: Int(st.st_mtim.tv_sec), nanoseconds: Int(st.st_mtim.tv_nsec)) : .zero
        return DamagedContainer(id: id, name: containers.names(of: id).first, changed: changed, problem: problem)
    }

    public func inspect(_ reference: String) throws -> ContainerRecord {
        current(try containers.load(try containers.resolve(reference)))
    }
}

extension Engine {
    /// Docker's inspect document for a container.
    public func inspection(of reference: String) throws -> ContainerInspection {
        let record = try inspect(reference)
        var networkIDs: [String: String] = [:]
        for name in Set(record.state.interfaces.keys).union(record.config.networks) {
            networkIDs[name] = (try? networks.load(name))?.id
        }
        return ContainerInspection(
            record, directory: containers.directory(record.id), networkIDs: networkIDs, volumesDirectory: volumesDirectory,
            health: health(of: record))
    }

    /// Whether the container's current run is still going: its process, or the monitor that
    /// records its end.
    public func isStillRunning(_ record: ContainerRecord) -> Bool {
        guard let current = try? containers.load(record.id), current.state.process == record.state.process else { return false }
        return current.state.process?.isAlive == true || current.state.monitor?.isAlive == true
    }
}
