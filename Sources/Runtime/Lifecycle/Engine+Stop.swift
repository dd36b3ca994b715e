import CRuntimeShims
import Glibc

extension Engine {
    /// `stop`: `signal` (`stop -s`) or the container's stop signal (--stop-signal, the image's
    /// STOPSIGNAL, else SIGTERM), then
    /// SIGKILL once `timeout` seconds have passed (nil: the container's --stop-timeout, else 10; never,
    /// when it is negative, as in Docker); returns
    /// when the container has exited and been cleaned up. Stopping a stopped container is not an
    /// error, as in Docker.
    public func stop(_ reference: String, timeout requested: Int?, signal requestedSignal: Int32? = nil) throws -> ContainerRecord {
        let operation = try containers.operationLock(try containers.resolve(reference))
        defer { operation.unlock() }
        let record = try inspect(reference)
        guard record.state.status == .running, let process = record.state.process else {
            try stopOnPurpose(record.id)
            return record
        }
        // Checked when the container was made; a record from elsewhere that names no signal gets SIGTERM.
        let signal = requestedSignal ?? record.config.stopSignal.flatMap { try? Signals.number($0) } ?? SIGTERM
        try stopOnPurpose(record.id, signalling: process, with: signal)
        let timeout = requested ?? record.config.stopTimeout ?? 10
        if !process.waitForExit(seconds: timeout < 0 ? .infinity : Double(timeout)) {
            Glibc.kill(process.pid, SIGKILL)
        }
        try waitUntilStopped(record, timeout: 30)
        return try inspect(record.id)
    }

    /// `start`: runs an exited (or created) container again with its configuration, writable layer
    /// and name, detached or, with `attach`, as `run` does - passing it this process's input only
    /// with `input` (`start -i`). A running container is an error.
    public func start(_ reference: String, attach: Bool, input: Bool = false) throws -> Int32 {
        if attach { mr_block_signals() }  // as `run` does: before the sealed init's thread, to forward them
        let id = try containers.resolve(reference)
        let operation = try containers.operationLock(id)
        defer { operation.unlock() }
        let record = try inspect(id)
        if record.state.status == .running {
            throw RuntimeError(.conflict, "container \(Identifiers.printable(reference)) is already running")
        }
        // The previous run's monitor may still be cleaning up.
        try waitUntilStopped(record, timeout: 30)
        try containers.update(id) { $0.state.restartCount = 0 }  // a user's start begins the count anew
        if attach { return try runAttached(try containers.load(id), passInput: input, whenStarted: operation.unlock) }
        try startDetached(id)
        return 0
    }

    /// `wait`: blocks until the container exits and returns its exit code - for a container run
    /// attached, once its minirun has recorded that code (its process is gone a moment before); for
    /// a `--rm` container, the code its removal left (RemovedExitCodes).
    public func wait(_ reference: String) throws -> Int32 {
        // As stored: `inspect` shows a run whose process is gone as exited, recorded or not.
        let record = try containers.load(try containers.resolve(reference))
        let removedCodes = RemovedExitCodes(root: root)
        guard try !record.config.autoRemove || removedCodes.register(record.id, in: containers) else {
            throw RuntimeError.notFound("container", record.id)
        }
        try waitUntilStopped(record, timeout: .infinity)
        if record.state.status == .running && record.state.monitor == nil {
            var end = AttachedRunEnd(record, in: containers)
            end.wait()
        }
        if record.config.autoRemove, let code = removedCodes.take(record.id) { return code }
        return try inspect(record.id).state.exitCode
    }
}
