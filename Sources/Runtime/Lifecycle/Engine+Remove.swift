import Glibc

extension Engine {
    /// `rm` of several containers: the running ones are all killed first, so that they and their
    /// cleanups end in parallel, then each is removed. Returns an error per reference that failed.
    public func remove(_ references: [String], force: Bool, volumes: Bool = false) -> [String: RuntimeError] {
        var failures: [String: RuntimeError] = [:]
        if force {
            for reference in references {
                guard let record = try? inspect(reference), record.state.status == .running, let process = record.state.process else { continue }
                explainer.note("stop \(record.name) at once; its monitor then cleans up after it")
                explainer.command("kill -KILL \(process.pid)")
                try? kill(record.id, signal: SIGKILL)
            }
        }
        for reference in references {
            do {
                try remove(reference, force: force, volumes: volumes)
            } catch {
                failures[reference] = RuntimeError.wrapping(error)
            }
        }
        reconcileLeaseHolders()
        return failures
    }

    /// `rm`: refuses a running container unless forced, which kills it first; with `volumes` (`rm -v`)
    /// its anonymous volumes go too. Returns the record removed; nil for a container whose record was
    /// damaged (see `removeDamaged`).
    @discardableResult
    public func remove(_ reference: String, force: Bool, volumes: Bool = false) throws -> ContainerRecord? {
        let id = try containers.resolve(reference)
        let operation = try containers.operationLock(id)
        defer { operation.unlock() }
        if case .damaged(let problem) = containers.read(id) {
            try removeDamaged(describeDamaged(id, problem: problem), force: force)
            return nil
        }
        var record = try inspect(id)
        if record.state.status == .running {
            guard force else {
                throw RuntimeError(.conflict,
                    "cannot remove container \"\(Identifiers.printable(reference))\": container is running: stop the container before removing or force remove")
            }
            try? kill(id, signal: SIGKILL)  // it may have ended by itself meanwhile
        }
        // An exited container's monitor may still be cleaning up, writing into its directory.
        try waitUntilStopped(record, timeout: 10)
        do {
            record = try inspect(id)
        } catch where record.config.autoRemove && !FileSystem.exists(containers.directory(id)) {
            return record  // a --rm container: its monitor removed it once it stopped, as asked
        }
        releaseResources(&record)
        let lock = try containers.lock(id)
        defer { lock.unlock() }
        let directory = containers.directory(id)
        let spare = try containers.remove(record)
        if volumes { removeAnonymousVolumes(of: record.config) }
        explainer.note("the container's files: its writable layer, log and generated /etc files, and its name")
        if let spare {
            explainer.note("its directory stays, for the next container to take over instead of making one; what freeing "
                + "would make this disk wait for moves to its trash, which that container removes while it runs")
            let moved = ContainerStore.movedToTrash.map { directory + "/" + $0 }.joined(separator: " ")
            let trash = directory + "/" + ContainerStore.trashName
            explainer.command("rm -rf \(directory)/upper/* \(root.names)/\(record.name) && mkdir -p \(trash) && "
                + "mv \(moved) \(directory)/work/* \(trash)/ && "
                + "find \(directory) -mindepth 1 -maxdepth 1 ! -name work ! -name trash -exec rm -rf {} + && mv \(directory) \(spare)")
        } else {
            explainer.command("rm -rf \(directory) \(root.names)/\(record.name)")
        }
        return record
    }

    /// Sends `signal` to the container's first process. After KILL or TERM its restart policy does
    /// not bring it back; other signals (HUP, USR1, ...) are messages, not stops.
    public func kill(_ reference: String, signal: Int32) throws {
        let record = try inspect(reference)
        guard record.state.status == .running, let process = record.state.process else {
            throw RuntimeError(.conflict, "container \(Identifiers.printable(reference)) is not running")
        }
        if signal == SIGKILL || signal == SIGTERM { return try stopOnPurpose(record.id, signalling: process, with: signal) }
        if Glibc.kill(process.pid, signal) != 0 && errno != ESRCH {
            throw RuntimeError.system("kill \(process.pid)")
        }
    }

    /// Waits until the container's process and its monitor (which cleans up after it) are gone.
    func waitUntilStopped(_ record: ContainerRecord, timeout: Double) throws {
        let start = Timestamp.now()
        for process in [record.state.process, record.state.monitor].compactMap({ $0 }) {
            let left = timeout - start.interval(to: .now())
            // A zombie (an attached run's child its minirun has yet to reap) counts as gone.
            if !process.waitForExit(seconds: max(left, 0)) && process.isAlive {
                throw RuntimeError(.system, "container \(record.name) did not stop within \(Int(timeout)) seconds")
            }
        }
    }

    /// The anonymous volumes an image's VOLUME gave the container (`rm -v`, `--rm`).
    func removeAnonymousVolumes(of config: ContainerConfig) {
        let anonymous = config.volumes.filter(\.anonymous)
        guard !anonymous.isEmpty else { return }
        // One that another container mounts too (--volumes-from) stays for it.
        let used = Self.volumesMounted(by: containers.list().filter { $0.id != config.id })
        for volume in anonymous where !used.contains(volume.source) {
            explainer.note("the container's anonymous volume at \(volume.target)")
            explainer.command("rm -rf \(volumeDirectory(named: volume.source))")
            try? FileSystem.removeTree(volumeDirectory(named: volume.source))
        }
    }
}
