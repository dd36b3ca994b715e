import CRuntimeShims
import Glibc

extension Engine {
    static let execNamespaces: [(mr_ns_index, String)] = [
        (MR_NS_CGROUP, "cgroup"), (MR_NS_IPC, "ipc"), (MR_NS_UTS, "uts"), (MR_NS_NET, "net"), (MR_NS_PID, "pid"), (MR_NS_MNT, "mnt"),
    ]

    /// `exec`: runs a command in every namespace of a running container, with its environment plus
    /// `-e`, as a child of this process. Returns its exit code (0 at once when detached). Signals
    /// sent to this process are forwarded to the command.
    public func exec(_ reference: String, _ options: ExecOptions) throws -> Int32 {
        mr_block_signals()  // before the sealed init's thread starts: it inherits it
        let record = try inspect(reference)
        guard record.state.status == .running else {
            throw RuntimeError(.conflict, "container \(Identifiers.printable(reference)) is not running")
        }
        let devNull = open("/dev/null", O_RDWR | O_CLOEXEC)
        defer { close(devNull) }
        if options.detach {
            // As Docker's exec -d: nothing to wait for, nothing shown; it runs on once this process is gone.
            let child = try startExec(record, options, stdio: [devNull, devNull, devNull])
            if child.master >= 0 { close(child.master) }
            return 0
        }
        let child = try startExec(record, options, stdio: [options.interactive ? 0 : devNull, 1, 2])
        let status = withTerminal(raw: child.master >= 0 && isatty(0) == 1) {
            mr_supervise(child.pid, child.master, options.interactive ? 0 : -1, -1, -1, nil)  // closes the master
        }
        return Self.exitCode(waitStatus: status)
    }

    /// Starts `options.command` in the running container `record` (`exec`, a health check) with
    /// `stdio` as its stdin, stdout and stderr unless it has a tty: its pid, and the tty's master or -1.
    /// It dies with this process unless `options.detach`.
    func startExec(_ record: ContainerRecord, _ options: ExecOptions, stdio: [Int32]) throws -> (pid: Int32, master: Int32) {
        guard record.state.status == .running, let process = record.state.process else {
            throw RuntimeError(.conflict, "container \(Identifiers.printable(record.name)) is not running")
        }
        guard !options.command.isEmpty, !options.command[0].isEmpty else { throw RuntimeError(.invalidArgument, "no command specified") }
        if record.state.paused {
            throw RuntimeError(.conflict, "container \(record.id) is paused, unpause the container before exec")
        }
        let sealedInit = SealedInit(executables.monitor)
        let rootfs = "/proc/\(process.pid)/root"
        let user = try UserSpec.resolve(options.user ?? record.config.user, additionalGroups: record.config.groupAdd) {
            try? FileSystem.readString(rootfs + $0)
        }

        var spec = ProcessSpec()
        spec.isExec = true
        for (index, name) in Self.execNamespaces {
            spec.joinNamespaces[Int(index.rawValue)] = "/proc/\(process.pid)/ns/\(name)"
        }
        spec.tty = options.tty
        if options.tty && !options.detach { spec.windowSize = WindowSize.of(0) }
        spec.stdio = stdio
        spec.workingDirectory = options.workingDir ?? (record.config.workingDir.isEmpty ? "/" : record.config.workingDir)
        spec.uid = user.uid
        spec.gid = user.gid
        spec.groups = user.groups
        spec.resourceLimits = record.config.ulimits.map(\.resourceLimit)
        var security = record.config.security
        if options.privileged { security.capAdd.append("ALL") }
        try applySecurity(security, to: &spec)
        spec.arguments = options.command
        spec.environment = Environment.build(
            user: record.config.env + options.env, hostname: record.config.hostname, tty: options.tty, home: user.home)
        // The process must be gone once minirun is (exec's parent is this process), unless it is detached.
        spec.parentDeathSignal = options.detach ? 0 : SIGKILL

        spec.initFd = try sealedInit.finish()

        var child = mr_process()
        var failure = mr_child_error()
        var blob = spec.encode()
        let rc = blob.withUnsafeMutableBytes { mr_spawn($0.baseAddress, $0.count, &child, &failure) }
        close(spec.initFd)  // the child has its own
        if rc != 0 {
            throw ChildFailure.error(failure, spec: spec)
        }
        do {
            try record.state.cgroup?.addProcess(child.pid)
            try applyOOMScoreAdj(record, pid: child.pid)
        } catch {
            var ignored = mr_child_error()
            _ = mr_abandon(&child, &ignored)
            reap(child.pid)
            throw error
        }
        var master: Int32 = -1
        if mr_start(&child, &failure, &master) != 0 {
            reap(child.pid)
            throw ChildFailure.error(failure, spec: spec)
        }
        return (child.pid, master)
    }
}
