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
        return updated
    }

    public func isRunning(_ record: ContainerRecord) -> Bool {
        current(record).state.status == .running
    }

    /// Every container, checked, newest first.
    public func listContainers() -> [ContainerRecord] {
        containers.list().map(current)
    }

    public func inspect(_ reference: String) throws -> ContainerRecord {
        current(try containers.load(try containers.resolve(reference)))
    }
}
