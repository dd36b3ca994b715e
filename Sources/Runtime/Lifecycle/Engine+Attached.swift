import CRuntimeShims
import Glibc

extension Engine {
    /// Runs the container with minirun as its parent (`run` without -d): its output relayed and logged
    /// (AttachedLog; passed through for the log driver none), a pty with -t, signals forwarded, and
    /// the container's exit code returned (128+N for signal N).
    /// The container dies with this process (pdeathsig), so a killed minirun leaves no orphan.
    /// `whenStarted` runs once the command has started (`start -a` lets its lock go then).
    /// `record` is the container as just created or loaded. With a `channel`, the container's output
    /// goes there and the channel, not a signal, stops it. A container made with -i reads this
    /// process's input unless `passInput` is false (`start -a` without -i): then, as in Docker, its
    /// stdin stays open with nothing coming - a pipe whose write end is held until it exits.
    /// Of stdout and stderr, only what `shown` attaches reaches minirun's own (`run -a`).
    func runAttached(_ record: ContainerRecord, networkNamespace: NetworkNamespaceMaker? = nil,
                     channel: AttachedChannel? = nil, passInput: Bool = true, shown: AttachedStreams = .dockerDefault(interactive: true),
                     whenStarted: () -> Void = {}) throws -> Int32 {
        var record = record
        let id = record.id
        let sealedInit = SealedInit(executables.monitor)
        try resetHealth(record)
        let attachedLog = channel == nil ? try AttachedLog.open(record, directory: containers.directory(id)) : nil
        let plan = try prepareLaunch(record, attached: true, networkNamespace: networkNamespace)
        let devNull = open("/dev/null", O_RDONLY | O_CLOEXEC)
        defer { close(devNull) }
        var heldInput: [Int32] = [-1, -1]
        if record.config.interactive && !passInput && !record.config.tty && mr_pipe_cloexec(&heldInput) != 0 {
            plan.close()
            throw RuntimeError.system("pipe")
        }
        defer { for fd in heldInput where fd >= 0 { close(fd) } }
        var spec = plan.spec
        // The pty gets our terminal's size before the command starts, not after (it could read 0x0).
        if record.config.tty && channel == nil { spec.windowSize = WindowSize.of(0) }
        let terminal: [Int32] = [record.config.interactive ? (heldInput[0] >= 0 ? heldInput[0] : 0) : devNull, 1, 2]
        spec.stdio = channel.map { [devNull, $0.output, $0.output] } ?? attachedLog?.containerOutput(terminal) ?? terminal
        do {
            spec.initFd = try sealedInit.finish()
        } catch {
            plan.close()
            throw error
        }

        let silenced: SilencedOutput
        do {
            silenced = try SilencedOutput(keeping: channel == nil ? shown : .dockerDefault(interactive: true))
        } catch {
            plan.close()
            throw error
        }
        defer { silenced.restore() }
        var process = mr_process()
        var failure = mr_child_error()
        var blob = spec.encode()
        let rc = blob.withUnsafeMutableBytes { mr_spawn($0.baseAddress, $0.count, &process, &failure) }
        close(spec.initFd)  // the child has its own
        attachedLog?.closeContainerEnds()
        if rc != 0 {
            plan.close()
            throw ChildFailure.error(failure, spec: spec)
        }
        let identity: ProcessIdentity
        do {
            defer { plan.close() }  // the child has its copies
            identity = try wireChild(&record, pid: process.pid, monitor: nil, plan: plan)
        } catch {
            var childFailure = mr_child_error()
            let reported = mr_abandon(&process, &childFailure) == 1
            reap(process.pid)
            let failure = reported ? ChildFailure.error(childFailure, spec: spec) : error
            undoStart(id, failure: failure)
            throw failure
        }

        var master: Int32 = -1
        if mr_start(&process, &failure, &master) != 0 {
            reap(process.pid)
            let error = ChildFailure.error(failure, spec: spec)
            try recordExit(id: id, process: identity, exitCode: Self.exitCode(ofFailedStart: error))
            throw error
        }

        // Now that no more children are cloned (see BackgroundRemoval), while the container runs.
        let trash = containers.emptyTrash(id)
        whenStarted()
        let healthWatcher = startHealthWatcher(record.config, pid: process.pid)
        let input: Int32 = record.config.interactive && passInput ? 0 : -1
        let status = channel.map { mr_supervise_cancellable(process.pid, $0.cancel) }
            ?? withTerminal(raw: master >= 0 && isatty(0) == 1) {
                attachedLog?.supervise(pid: process.pid, master: master, input: input)
                    ?? mr_supervise(process.pid, master, input, -1, -1, nil)  // closes the master
            }
        silenced.restore()
        if channel != nil && master >= 0 { close(master) }
        if let healthWatcher { reap(healthWatcher) }  // it ends with the container
        let code = Self.exitCode(waitStatus: status)
        trash?.finish()  // before this container's own removal fills a trash again
        do {
            try recordExit(id: id, process: identity, exitCode: code)
        } catch {
            // The container ran and ended: its status is what the user waits for, whatever the disk says.
            printDiagnostic("warning: the exit of container \(record.name) could not be recorded: \(error)")
        }
        plan.releasePorts()
        return code
    }

    func withTerminal(raw: Bool, _ body: () -> Int32) -> Int32 {
        guard raw else { return body() }
        var saved = termios()
        let changed = mr_term_make_raw(0, &saved) == 0
        defer { if changed { mr_term_restore(0, &saved) } }
        return body()
    }

    static func exitCode(waitStatus status: Int32) -> Int32 {
        if status < 0 { return 125 }
        if status & 0x7f == 0 { return (status >> 8) & 0xff }  // WIFEXITED
        return 128 + (status & 0x7f)                          // WTERMSIG
    }

    func reap(_ pid: Int32) {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }
}
