import CRuntimeShims
import Glibc

extension OCIRuntime {
    static let namespaceFiles: [(mr_ns_index, String)] = [
        (MR_NS_CGROUP, "cgroup"), (MR_NS_IPC, "ipc"), (MR_NS_UTS, "uts"), (MR_NS_NET, "net"), (MR_NS_PID, "pid"), (MR_NS_MNT, "mnt"),
    ]

    /// Starts `process` in every namespace and the cgroup of a created or running container, under
    /// the container's seccomp profile, as a child of ours with our stdio (or a pty sent to the
    /// console socket).
    public func exec(_ id: String, process: OCIProcess, _ options: OCIExecOptions) throws -> OCIStartedProcess {
        mr_block_signals()  // before the sealed init's thread starts: it inherits it
        mr_cloexec_from(3 + UInt32(max(0, options.preserveFds)))
        let record = try load(id)
        let status = status(record)
        guard status == .running || status == .created else {
            throw RuntimeError(.conflict, "cannot exec in a \(status.rawValue) container")
        }
        let terminal = process.terminal ?? false
        if terminal && options.consoleSocket == nil && options.detach {
            throw RuntimeError(.invalidArgument, "cannot allocate tty if runc will detach without setting console socket")
        }
        let config = bundleConfig(record)
        let sealedInit = SealedInit(monitor)
        var launch = OCILaunch()
        launch.spec.isExec = true
        // Only the namespaces the container does not share with us: setns into our own user namespace is
        // refused, and once in the container's user namespace, so is setns into one the host's owns
        // (the host's cgroup namespace, for a config without one of its own).
        for (index, name) in Self.namespaceFiles + [(MR_NS_USER, "user")] {
            if let path = Self.namespaceNotShared(name, of: record.pid) {
                launch.spec.joinNamespaces[Int(index.rawValue)] = path
            }
        }
        try launch.applyProcess(process, seccomp: config?.linux?.seccomp, seccompCache: seccompCache)
        launch.spec.preservedFds = UInt32(max(0, options.preserveFds))
        launch.spec.parentDeathSignal = options.detach ? 0 : SIGKILL
        launch.spec.initFd = try sealedInit.finish()

        var child = mr_process()
        var failure = mr_child_error()
        var blob = launch.spec.encode()
        let rc = blob.withUnsafeMutableBytes { mr_spawn($0.baseAddress, $0.count, &child, &failure) }
        close(launch.spec.initFd)
        if rc != 0 { throw ChildFailure.error(failure, spec: launch.spec) }
        do {
            try record.cgroup?.cgroup.addProcess(child.pid)
            try Self.applyLimits(process, to: child.pid)
        } catch {
            var ignored = mr_child_error()
            _ = mr_abandon(&child, &ignored)
            var status: Int32 = 0
            while waitpid(child.pid, &status, 0) < 0 && errno == EINTR {}
            throw error
        }
        var master: Int32 = -1
        if mr_start(&child, &failure, &master) != 0 {
            var status: Int32 = 0
            while waitpid(child.pid, &status, 0) < 0 && errno == EINTR {}
            throw ChildFailure.error(failure, spec: launch.spec)
        }
        return try Self.started(pid: child.pid, master: master, consoleSocket: options.consoleSocket, pidFile: options.pidFile)
    }

    /// /proc/PID/ns/NAME when process `pid` is in another namespace of that kind than ours (or its
    /// file cannot be read, for the caller's open to report); nil when we share it.
    static func namespaceNotShared(_ name: String, of pid: Int32) -> String? {
        let path = "/proc/\(pid)/ns/\(name)"
        return namespaceInode(path) != namespaceInode("/proc/self/ns/\(name)") ? path : nil
    }

    private static func namespaceInode(_ path: String) -> UInt? {
        var info = stat()
        return stat(path, &info) == 0 ? UInt(info.st_ino) : nil
    }

    /// Waits for a process `run` or `exec` started in the foreground, forwarding our signals to it
    /// and relaying its pty when it has one; returns its exit status the shell's way (128+N for a signal).
    public static func wait(for process: OCIStartedProcess) -> Int32 {
        let raw = process.master >= 0 && isatty(0) == 1
        var saved = termios()
        let changed = raw && mr_term_make_raw(0, &saved) == 0
        let status = mr_supervise(process.pid, process.master, process.master >= 0 ? 0 : -1, -1, -1, nil)  // closes the master
        if changed { mr_term_restore(0, &saved) }
        if status < 0 { return 255 }
        if status & 0x7f == 0 { return (status >> 8) & 0xff }
        return 128 + (status & 0x7f)
    }
}

extension OCILaunch {
    /// An empty launch, for an exec: only its process part is filled in.
    init() {}
}

extension OCIRuntime {
    /// Blocks the signals `wait(for:)` forwards, before any thread starts (see mr_block_signals).
    public static func blockForwardedSignals() {
        mr_block_signals()
    }
}

extension OCIRuntime {
    /// runc's `exec ARGS`: the container's own process (user, capabilities, env, no_new_privs,
    /// rlimits) with other args, more env, another cwd and a terminal when asked.
    public func execProcess(_ id: String, args: [String], env: [String], cwd: String?, tty: Bool, user: String?) throws -> OCIProcess {
        let record = try load(id)
        guard let bytes = try FileSystem.read(record.bundle + "/config.json"),
              var process = try StateJSON.decode(OCISpec.self, from: bytes).process
        else { throw RuntimeError(.notFound, "the bundle's config.json of \(id) is gone") }
        process.args = args
        process.env = (process.env ?? []) + env
        if let cwd { process.cwd = cwd }
        process.terminal = tty
        if let user {
            let parts = user.split(separator: ":")
            guard let uid = parts.first.flatMap({ UInt32($0) }) else { throw RuntimeError(.invalidArgument, "invalid user \(user)") }
            process.user.uid = uid
            process.user.gid = parts.count > 1 ? UInt32(parts[1]) ?? 0 : 0
        }
        return process
    }
}

extension OCIResources {
    /// `update`'s own flags over what --resources gave.
    public mutating func override(memory: Int64?, pidsLimit: Int64?, cpuShares: UInt64?, cpuQuota: Int64?, cpuPeriod: UInt64?) {
        if let memory { self.memory = OCIMemory(limit: memory, reservation: nil, swap: self.memory?.swap) }
        if let pidsLimit { pids = OCIPids(limit: pidsLimit) }
        if cpuShares != nil || cpuQuota != nil || cpuPeriod != nil {
            cpu = OCICPU(shares: cpuShares ?? cpu?.shares, quota: cpuQuota ?? cpu?.quota, period: cpuPeriod ?? cpu?.period,
                         cpus: cpu?.cpus, mems: cpu?.mems)
        }
    }
}
