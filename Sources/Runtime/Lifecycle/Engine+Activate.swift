extension Engine {
    /// Between clone and "go": records the container as running with its new process, wires its
    /// network and rewrites the hosts files that can name it. On failure what was made is undone and
    /// the caller abandons the child.
    func activate(_ record: inout ContainerRecord, pid: Int32, monitor: ProcessIdentity?, plan: LaunchPlan) throws -> ProcessIdentity {
        guard let identity = ProcessIdentity(pid: pid) else {
            throw RuntimeError("the container's process died before it started", exitCode: 125)
        }
        record.state.status = .running
        record.state.process = identity
        record.state.monitor = monitor
        record.state.startedAt = .now()
        record.state.finishedAt = .zero
        record.state.interfaces = [:]
        record.state.ports = plan.reservations.map(\.port)
        record.state.stoppedByUser = false
        try saveLocked(record)
        do {
            try connectNetworks(&record, pid: pid)
            if changesFirewall(record) { try applyFirewall() }
            refreshHosts()
        } catch {
            releaseResources(&record)
            try? saveLocked(record)
            throw error
        }
        plan.explainProcess()
        return identity
    }
}
