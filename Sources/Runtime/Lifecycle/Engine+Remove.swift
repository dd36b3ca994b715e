import Glibc

extension Engine {
    /// `rm`: refuses a running container unless forced, which kills it first.
    public func remove(_ reference: String, force: Bool) throws -> ContainerRecord {
        let id = try containers.resolve(reference)
        var record = try inspect(id)
        if record.state.status == .running {
            guard force else {
                throw RuntimeError(
                    "cannot remove container \"\(record.name)\": container is running: stop the container before removing or force remove")
            }
            try kill(id, signal: SIGKILL)
            try waitUntilStopped(record, timeout: 10)
            record = try inspect(id)
        }
        releaseResources(&record)
        let lock = try containers.lock(id)
        defer { lock.unlock() }
        try containers.remove(record)
        return record
    }

    /// Sends `signal` to the container's first process. After KILL or TERM its restart policy does
    /// not bring it back; other signals (HUP, USR1, ...) are messages, not stops.
    public func kill(_ id: String, signal: Int32) throws {
        let record = try inspect(id)
        guard record.state.status == .running, let process = record.state.process else {
            throw RuntimeError("container \(record.name) is not running")
        }
        if signal == SIGKILL || signal == SIGTERM { try markStoppedByUser(id) }
        if Glibc.kill(process.pid, signal) != 0 && errno != ESRCH {
            throw RuntimeError.system("kill \(process.pid)")
        }
    }

    /// Waits until the container's process and its monitor (which cleans up after it) are gone.
    func waitUntilStopped(_ record: ContainerRecord, timeout: Double) throws {
        let start = Timestamp.now()
        var delay: UInt32 = 1000
        while record.state.process?.isAlive == true || record.state.monitor?.isAlive == true {
            if start.interval(to: .now()) > timeout {
                throw RuntimeError("container \(record.name) did not stop within \(Int(timeout)) seconds")
            }
            usleep(delay)
            delay = min(delay * 2, 50_000)
        }
    }
}
