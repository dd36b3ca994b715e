extension Engine {
    /// `containerListing` after `reconcile`: what `ps`, `rm` and `network inspect` show is then
    /// also what the leases, the firewall and the cgroups say.
    public func reconciledListing() -> ContainerListing {
        let (records, damaged) = containers.listing()
        return ContainerListing(records: records.compactMap(reconcile), damaged: damaged.map { describeDamaged($0.id, problem: $0.problem) })
    }

    /// The container as it is now (`current`) for its record as read. One recorded as running whose
    /// process and cleanup (its monitor; an attached run's minirun, which the container dies with)
    /// are both gone had its end recorded by nobody: a minirun or monitor killed with -9, a reboot.
    /// Its end is recorded now, as its cleanup would have: its cgroup, leases, published-port rules
    /// and hosts entries are given back, and with --rm it is removed (nil). Skipped while another
    /// command starts, stops or removes it. The others cost nothing more: `current` checks the
    /// process anyway.
    func reconcile(_ recorded: ContainerRecord) -> ContainerRecord? {
        let now = current(recorded)
        guard recorded.state.status == .running, now.state.status != .running, let process = recorded.state.process,
              recorded.state.monitor?.isAlive != true, let operation = try? containers.attemptOperationLock(recorded.id)
        else { return now }
        defer { operation.unlock() }
        let finished = now.state.finishedAt.isZero ? Timestamp.now() : now.state.finishedAt
        try? recordExit(id: recorded.id, process: process, exitCode: now.state.exitCode, finishedAt: finished)
        return (try? containers.load(recorded.id)).map(current)
    }

    /// `reconcile` for the containers that hold a lease, which `rm` runs besides its removals: a
    /// killed `run -d -p` or `run --rm` leaves its container holding an address, port rules and a
    /// cgroup. Found from the leases files rather than every record, so that a removal among many
    /// containers without a bridge network costs nothing more (every record read to find the dead
    /// ones doubled the time of `rm` among 200 containers).
    func reconcileLeaseHolders() {
        let holders = Set(networks.list().flatMap { networks.leases($0.name)?.values.map { $0 } ?? [] })
        for id in holders {
            if case .record(let record) = containers.read(id) { _ = reconcile(record) }
        }
    }
}
