extension Engine {
    /// Wires a cloned child, still waiting for "go", into the host: records the container as running
    /// with its new process and addresses, places it in its cgroup, gives it its veth pairs and
    /// firewall rules and rewrites the hosts files that can name it. The plan's fds must still be open. On failure the caller abandons the child and then
    /// calls `undoStart`, once the child is gone and its cgroup can go too.
    func wireChild(_ record: inout ContainerRecord, pid: Int32, monitor: ProcessIdentity?, plan: LaunchPlan) throws -> ProcessIdentity {
        guard let identity = ProcessIdentity(pid: pid) else {
            throw RuntimeError(.system, "the container's process died before it started")
        }
        record.state.status = .running
        record.state.process = identity
        record.state.monitor = monitor
        record.state.startedAt = .now()
        record.state.finishedAt = .zero
        record.state.interfaces = [:]
        record.state.ports = plan.reservations.map(\.port)
        record.state.stoppedByUser = false
        record.state.oomKilled = false
        record.state.paused = false
        record.state.cgroup = plan.cgroup
        try recordRunningWithAddresses(&record)
        try placeInCgroup(record, pid: pid)
        try applyOOMScoreAdj(record, pid: pid)
        let namespace = plan.spec.networkNamespaceFd.map { "/proc/self/fd/\($0)" } ?? "/proc/\(pid)/ns/net"
        try connectNetworks(record, pid: pid, namespace: namespace)
        if changesFirewall(record) { try applyFirewall() }
        // Only a container on a bridge network has an address another container could name.
        if case .network = record.config.network { refreshHosts(changed: record) }
        explainEtcFiles(record)
        plan.explainProcess()
        return identity
    }

    /// Gives back what a start that failed with `failure` had already made, after its child is gone.
    func undoStart(_ id: String, failure: any Error) {
        guard let record = try? containers.load(id), let process = record.state.process else { return }
        try? recordExit(id: id, process: process, exitCode: Self.exitCode(ofFailedStart: failure))
    }

    /// The exit code a container whose start failed is recorded with (its State.ExitCode), as
    /// Docker's: 127 when its command is not found, 126 when it cannot be executed, else 125.
    static func exitCode(ofFailedStart failure: any Error) -> Int32 {
        switch (failure as? RuntimeError)?.code {
        case .commandNotFound: 127
        case .commandNotExecutable: 126
        default: 125
        }
    }

    /// The generated /etc files as a learner would write them.
    private func explainEtcFiles(_ record: ContainerRecord) {
        guard explainer.isEnabled else { return }
        explainer.phase(.filesystem)
        explainer.note("the container's /etc/hostname, /etc/hosts and /etc/resolv.conf, written on the host")
        for name in EtcFiles.fileNames {
            let path = containers.directory(record.id) + "/" + name
            let text = (try? FileSystem.readString(path)) ?? ""
            explainer.command("cat > \(path) <<'EOF'\n\(text)\(text.hasSuffix("\n") ? "" : "\n")EOF")
        }
    }

    /// The container's own cgroup with its limits and device allowlist, beneath minirun's (or
    /// --cgroup-parent). A process not yet in them cannot have used a device: the child has only made
    /// nodes (mknod) and mounted, and waits for its release to move itself into the v1 directories.
    private func placeInCgroup(_ record: ContainerRecord, pid: Int32) throws {
        explainer.phase(.cgroups)
        guard let cgroup = record.state.cgroup else {
            explainer.note("--cgroups=disabled: no cgroup, so no limits and no device allowlist either: the container "
                + "can open any device it makes a node of (it keeps CAP_MKNOD), the host's disks included")
            return
        }
        explainer.note("the container's cgroup: its limits hold it and everything it starts")
        for directory in cgroup.directories {
            explainer.command("mkdir \(directory.path)")
        }
        cgroup.explainDevices(explainer)
        if !cgroup.joinedByFirstProcess.isEmpty {
            explainer.note("from the host, the container's process moves in by its pid (minirun's moves itself into the v1 "
                + "ones once released, writing 0 to their tasks: a single thread moving itself spares the kernel the RCU "
                + "grace period (10-20 ms) that moving a whole process waits for)")
        }
        for directory in cgroup.directories {
            explainer.command("echo \(pid) > \(directory.path)/cgroup.procs")
        }
        try cgroup.create(limits: record.config.resources)
        try cgroup.addProcess(pid, firstProcess: true)
    }

    /// `--oom-score-adj` for a process of the container, its first or an exec'd one (as runc gives
    /// both the container's value), before it runs.
    func applyOOMScoreAdj(_ record: ContainerRecord, pid: Int32) throws {
        guard let score = record.config.oomScoreAdj else { return }
        explainer.command("echo \(score) > /proc/\(pid)/oom_score_adj")
        try FileSystem.overwrite("/proc/\(pid)/oom_score_adj", Array(String(score).utf8))
    }
}
