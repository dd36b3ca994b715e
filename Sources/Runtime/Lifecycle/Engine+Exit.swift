import Glibc

extension Engine {
    /// Records that the container's `process` exited: its resources are released, and it is removed
    /// when it was started with --rm. Nothing happens when the container has moved on to another
    /// process meanwhile (a `start` that came first).
    public func recordExit(id: String, process: ProcessIdentity, exitCode: Int32, finishedAt: Timestamp = .now()) throws {
        guard let lock = try containers.lockIfPresent(id) else { return }  // removed meanwhile
        defer { lock.unlock() }
        guard var record = try? containers.load(id), record.state.process == process else { return }
        releaseResources(&record)
        if record.config.autoRemove {
            RemovedExitCodes(root: root).leave(exitCode, for: id)
            try containers.remove(record)
            removeAnonymousVolumes(of: record.config)
            return
        }
        record.state.status = .exited
        record.state.exitCode = exitCode
        record.state.finishedAt = finishedAt
        try containers.save(record)
        markHealthStopped(record)
    }

    /// What the monitor runs once the detached container with first process `pid` has exited: the
    /// exit code and time come from the file the monitor wrote, or when a full disk kept it from
    /// writing one, the code from its command line. Then the restart policy decides whether it runs
    /// again, after a pause that doubles with each restart (100 ms to 10 s) so a command that fails
    /// at once does not spin.
    public func containerExited(id: String, pid: Int32, exitCode: Int32? = nil) throws {
        guard let record = try? containers.load(id), let process = record.state.process, process.pid == pid else { return }
        let (code, finished) = readExitFile(id) ?? (exitCode ?? 255, .now())
        try recordExit(id: id, process: process, exitCode: code, finishedAt: finished)
        let policy = record.config.restartPolicy
        guard policy.restarts(exitCode: code, restarts: record.state.restartCount, stoppedByUser: record.state.stoppedByUser) else { return }
        usleep(UInt32(min(100_000 << min(record.state.restartCount, 7), 10_000_000)))
        // A user's start, stop or rm under way decides instead of the policy.
        guard let operation = try containers.attemptOperationLock(id) else { return }
        defer { operation.unlock() }
        guard let lock = try containers.lockIfPresent(id),
              var current = try? containers.load(id), current.state.status == .exited, !current.state.stoppedByUser else { return }
        current.state.restartCount += 1
        try containers.save(current)
        lock.unlock()
        try startDetached(id)
    }

    /// Sends `process` a signal that stops it (TERM, KILL), if one is given, and marks the container
    /// as stopped on purpose, so its restart policy leaves it be (a mark alone cancels a pending
    /// restart). The signal goes first: on a full disk the record may not be writable, and the
    /// container must stop all the same. The record's lock, held from before the signal until the
    /// mark is written, keeps the monitor's cleanup from deciding on a restart in between.
    func stopOnPurpose(_ id: String, signalling process: ProcessIdentity? = nil, with signal: Int32 = SIGKILL) throws {
        var paused: ContainerRecord?
        do {
            let lock = try containers.lock(id)
            defer { lock.unlock() }
            if let process, Glibc.kill(process.pid, signal) != 0 && errno != ESRCH {
                throw RuntimeError.system("kill \(process.pid)")
            }
            do {
                var record = try containers.load(id)
                record.state.stoppedByUser = true
                try containers.save(record)
                if record.state.paused { paused = record }
            } catch {
                printDiagnostic("warning: container \(Identifiers.short(id)) could not be marked as stopped on purpose, so its restart policy may start it again: \(error)")
            }
        }
        // A frozen process acts on its signal only once thawed, as Docker's stop and kill thaw it.
        if let paused { try thaw(paused) }
    }

    /// "<code> <time>" as minirun-monitor writes it.
    func readExitFile(_ id: String) -> (Int32, Timestamp)? {
        guard let text = try? FileSystem.readString(containers.directory(id) + "/exit") else { return nil }
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard fields.count >= 2, let code = Int32(fields[0]), let time = Timestamp(String(fields[1])) else { return nil }
        return (code, time)
    }

    /// Gives back what a started container held: its cgroup (noting whether the OOM killer ended
    /// it), its interfaces and leases, and its names in other containers' hosts files. Idempotent: it also reconciles what a killed minirun left behind.
    func releaseResources(_ record: inout ContainerRecord) {
        record.state.paused = false
        unmountShareableShm(record)
        if let cgroup = record.state.cgroup {
            if cgroup.oomKilled() { record.state.oomKilled = true }
            explainer.phase(.cleanup)
            // Without a PID namespace of its own, the container's other processes outlive its first one.
            if !record.config.pidMode.isOwn { cgroup.killRemainingProcesses() }
            explainer.note("the container's cgroup, empty now")
            for directory in cgroup.directories { explainer.command("rmdir \(directory.path)") }
            try? cgroup.remove()
            record.state.cgroup = nil
        }
        guard !record.state.interfaces.isEmpty || !record.state.ports.isEmpty else { return }
        let firewall = changesFirewall(record)
        // Another container sharing its network namespace (--net=container:) keeps it alive.
        let shared = listContainers(replacing: record).contains { $0.config.network == .container(record.id) && $0.state.status == .running }
        explainer.phase(.cleanup)
        if !shared { explainer.note("the container's network namespace goes with its last process, and its veth pairs with it") }
        disconnectNetworks(record, namespaceDies: !shared)
        record.state.interfaces = [:]
        record.state.ports = []
        if firewall { try? applyFirewall() }
        refreshHosts(changed: record)
    }
}
