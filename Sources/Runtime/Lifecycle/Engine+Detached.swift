import CRuntimeShims
import Glibc

extension Engine {
    static let exitedCommand = "container-exited"

    /// Starts the container under a minirun-monitor of its own and returns once the container's
    /// command has started (`run -d`, `start`). The monitor logs its output, records its exit and
    /// then runs `minirun container-exited ID PID` to tear it down.
    func startDetached(_ id: String, networkNamespace: NetworkNamespaceMaker? = nil) throws {
        var record = try containers.load(id)
        let directory = containers.directory(id)
        let plan = try prepareLaunch(record, attached: false, networkNamespace: networkNamespace)
        defer { plan.close() }
        FileSystem.remove(directory + "/exit")
        try resetHealth(record)

        var pair: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair) == 0 else {
            throw RuntimeError.system("socketpair")
        }
        let channel = MonitorChannel(fd: pair[0])
        defer { close(pair[0]) }
        let errorLog = open(directory + "/monitor.log", O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        // The monitor gets the control socket as fd 3, the detached mounts as 4, 5, ... and then the
        // published ports, which it holds until the container exits; it also schedules the health
        // checks (see Engine+HealthCheck).
        let passed = [pair[1]] + plan.inheritedFds + plan.reservations.map(\.fileDescriptor)
        let spec = plan.spec.renumberingFds(Dictionary(uniqueKeysWithValues: plan.inheritedFds.enumerated().map { ($1, Int32($0 + 4)) }))
        let rotation = try record.config.logConfig.rotation
        let logArguments = rotation.map { $0.maxSize > 0 ? ["--log-rotate", String($0.maxSize), String($0.maxFiles)] : [] } ?? []
        let stdinArguments = record.config.interactive ? ["--open-stdin"] : []
        let argv = [executables.monitor] + stdinArguments + logArguments + healthMonitorArguments(record.config)
            + ["3", rotation == nil ? "/dev/null" : directory + "/container.log", directory + "/exit",
                    executables.minirun] + rootArguments + [Self.exitedCommand, id]
        let monitorPid = withCStrings(argv) { cArgv in
            mr_spawn_detached(executables.monitor, cArgv, passed, Int32(passed.count), errorLog)
        }
        close(pair[1])
        if errorLog >= 0 { close(errorLog) }
        if monitorPid < 0 {
            throw RuntimeError.system("start \(executables.monitor)", -monitorPid)
        }
        let monitor = ProcessIdentity(pid: monitorPid)

        try channel.send(spec: spec.encode())
        guard let spawned = channel.receive() else {
            reap(monitorPid)
            throw RuntimeError(.system, "minirun-monitor died before starting the container (see \(directory)/monitor.log)")
        }
        if spawned.value < 0 {
            reap(monitorPid)
            throw ChildFailure.error(spawned.error, spec: spec)
        }
        let identity: ProcessIdentity
        do {
            identity = try wireChild(&record, pid: spawned.value, monitor: monitor, plan: plan)
        } catch {
            try? channel.go(false)
            let child = channel.receive()
            reap(monitorPid)
            let failure = child.flatMap { $0.value == 1 ? ChildFailure.error($0.error, spec: spec) : nil } ?? error
            undoStart(id, failure: failure)
            throw failure
        }

        try channel.go(true)
        let started = channel.receive()
        if started?.value != 0 {
            // The monitor runs no cleanup for a container that never started: do it here.
            reap(monitorPid)
            let error = started.map { ChildFailure.error($0.error, spec: spec) }
                ?? RuntimeError(.system, "the container did not start (see \(directory)/monitor.log)")
            try recordExit(id: id, process: identity, exitCode: Self.exitCode(ofFailedStart: error))
            throw error
        }
        plan.releasePorts()  // the monitor holds them now
        containers.emptyTrash(id)?.finish()  // the container runs: its monitor holds it now
    }

    func withCStrings<T>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> T) -> T {
        var pointers = strings.map { strdup($0) }
        pointers.append(nil)
        defer { for p in pointers { free(p) } }
        return body(pointers)
    }
}
