import Glibc

extension Engine {
    /// Records that the container's `process` exited: its resources are released, and it is removed
    /// when it was started with --rm. Nothing happens when the container has moved on to another
    /// process meanwhile (a `start` that came first).
    public func recordExit(id: String, process: ProcessIdentity, exitCode: Int32, finishedAt: Timestamp = .now()) throws {
        let lock = try containers.lock(id)
        defer { lock.unlock() }
        guard var record = try? containers.load(id), record.state.process == process else { return }
        releaseResources(&record)
        if record.config.autoRemove {
            try containers.remove(record)
            return
        }
        record.state.status = .exited
        record.state.exitCode = exitCode
        record.state.finishedAt = finishedAt
        try containers.save(record)
    }

    /// What the monitor runs once the detached container with first process `pid` has exited: the
    /// exit code and time come from the file the monitor wrote.
    public func containerExited(id: String, pid: Int32) throws {
        guard let record = try? containers.load(id), let process = record.state.process, process.pid == pid else { return }
        let (code, finished) = readExitFile(id) ?? (255, .now())
        try recordExit(id: id, process: process, exitCode: code, finishedAt: finished)
    }

    /// "<code> <time>" as minirun-monitor writes it.
    func readExitFile(_ id: String) -> (Int32, Timestamp)? {
        guard let text = try? FileSystem.readString(containers.directory(id) + "/exit") else { return nil }
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard fields.count >= 2, let code = Int32(fields[0]), let time = Timestamp(String(fields[1])) else { return nil }
        return (code, time)
    }

    /// Gives back what a started container held: its interfaces and leases, and its names in other
    /// containers' hosts files. Idempotent: it also reconciles what a killed minirun left behind.
    func releaseResources(_ record: inout ContainerRecord) {
        guard !record.state.interfaces.isEmpty else { return }
        disconnectNetworks(record)
        record.state.interfaces = [:]
        refreshHosts()
    }
}
