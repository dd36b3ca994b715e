import CRuntimeShims
import Glibc

/// Health checks without a daemon. The schedule is kept by the process that already waits on the
/// container - a detached container's minirun-monitor, a C loop whose resident memory stays near
/// 1 MiB, or for an attached one a minirun-monitor started beside it in a health-only mode - which
/// knows the interval, start period and start interval from its command line and at each tick
/// starts `minirun health-check ID`. That process runs the check once as an exec in the container
/// (the exec path: its namespaces, cgroup, user, capabilities and seccomp filter), kills it when the
/// timeout comes, records the result in containers/<id>/health.json under the container's lock and
/// exits 0 when the check passed, which is all the monitor needs to know to choose the next interval.
/// So no Swift and no JSON live in the monitor, and a check costs memory only while it runs.
extension Engine {
    static let healthCheckCommand = "health-check"

    /// The container's health as last recorded (Docker's State.Health); nil when it has no health
    /// check, or has not been started since it was created.
    public func health(of record: ContainerRecord) -> HealthState? {
        record.config.healthcheck?.isActive == true ? containers.health(record.id) : nil
    }

    /// minirun-monitor's options that schedule the container's health checks; [] when it has none.
    func healthMonitorArguments(_ config: ContainerConfig) -> [String] {
        guard let check = config.healthcheck, check.isActive else { return [] }
        let command = [executables.minirun] + rootArguments + [Self.healthCheckCommand, config.id]
        let milliseconds = [check.effectiveInterval, check.effectiveStartPeriod, check.effectiveStartInterval].map { String($0 / 1_000_000) }
        return ["--health"] + milliseconds + [String(command.count)] + command
    }

    /// For an attached container, whose parent is this process rather than a monitor: a
    /// minirun-monitor in its health-only mode beside it, which ends by itself when the container's
    /// first process `pid` does (the caller reaps it then). nil when there is no check.
    func startHealthWatcher(_ config: ContainerConfig, pid: Int32) -> Int32? {
        let options = healthMonitorArguments(config)
        guard !options.isEmpty else { return nil }
        let errorLog = open(containers.directory(config.id) + "/monitor.log", O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        defer { if errorLog >= 0 { close(errorLog) } }
        let watcher = withCStrings([executables.monitor] + options + ["--attached", String(pid)]) {
            mr_spawn_detached(executables.monitor, $0, [], 0, errorLog)
        }
        guard watcher > 0 else {
            printDiagnostic("warning: the health checks of container \(config.name) could not be started: \(String(cString: strerror(-watcher)))")
            return nil
        }
        return watcher
    }

    /// At each start, as Docker: the health is `starting` again with no failing streak (the log of
    /// earlier checks stays); a container without a check never has a health.json.
    func resetHealth(_ record: ContainerRecord) throws {
        guard record.config.healthcheck?.isActive == true else { return }
        let lock = try containers.lock(record.id)
        defer { lock.unlock() }
        let path = containers.healthPath(record.id)
        let state = containers.health(record.id)?.restarted() ?? HealthState(status: .starting)
        try FileSystem.writeAtomically(path, try StateJSON.encode(state), mode: 0o600)
    }

    /// When the container has stopped, under its lock: unhealthy, as Docker marks a container whose
    /// checks stopped.
    func markHealthStopped(_ record: ContainerRecord) {
        guard record.config.healthcheck?.isActive == true, var state = containers.health(record.id) else { return }
        state.status = .unhealthy
        try? FileSystem.writeAtomically(containers.healthPath(record.id), try StateJSON.encode(state), mode: 0o600)
    }

    /// `minirun health-check ID`, which the container's monitor runs: one check, recorded. True when
    /// it passed; false when it failed, or there was nothing to check (the container stopped).
    public func runHealthCheck(_ id: String) throws -> Bool {
        let record = try inspect(id)
        // A paused container is not checked, as Docker stops its health monitor while it is paused.
        guard let check = record.config.healthcheck, let command = check.command,
              record.state.status == .running, !record.state.paused, let process = record.state.process else { return false }
        let start = Timestamp.now()
        let (exitCode, output) = runCheck(record, command: command, timeout: check.effectiveTimeout)
        let result = HealthState.Check(start: start.description, end: Timestamp.now().description, exitCode: exitCode, output: output)

        guard let lock = try containers.lockIfPresent(record.id) else { return false }
        defer { lock.unlock() }
        // A check that outlived its container's run records nothing (the next run starts afresh),
        // nor one the container's pause cut short.
        guard let current = try? containers.load(record.id), current.state.status == .running, !current.state.paused,
              current.state.process == process else { return false }
        let inStartPeriod = record.state.startedAt.interval(to: start) * 1e9 < Double(check.effectiveStartPeriod)
        let state = (containers.health(record.id) ?? HealthState(status: .starting))
            .recording(result, retries: check.effectiveRetries, inStartPeriod: inStartPeriod)
        try FileSystem.writeAtomically(containers.healthPath(record.id), try StateJSON.encode(state), mode: 0o600)
        return exitCode == 0
    }

    /// Runs the check's command in the container with its stdout and stderr in a pipe: its exit
    /// code and the first 4 KiB of its output, as Docker keeps them. A check that runs out of time is
    /// killed and gets -1 with Docker's message, one that cannot start -1 with the reason.
    private func runCheck(_ record: ContainerRecord, command: [String], timeout: Int) -> (Int, String) {
        var pipe: [Int32] = [-1, -1]  // a socket pair: Glibc's module has no pipe2 (it needs _GNU_SOURCE)
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pipe) == 0 else {
            return (-1, "socketpair: " + String(cString: strerror(errno)))
        }
        defer { close(pipe[0]) }
        let devNull = open("/dev/null", O_RDONLY | O_CLOEXEC)
        defer { close(devNull) }
        let child: (pid: Int32, master: Int32)
        do {
            child = try startExec(record, ExecOptions(command: command), stdio: [devNull, pipe[1], pipe[1]])
        } catch {
            close(pipe[1])
            return (-1, "\(error)")
        }
        close(pipe[1])
        var buffer = [CChar](repeating: 0, count: HealthState.keptOutputBytes)
        var length = 0
        let milliseconds = Int32(clamping: (timeout + 999_999) / 1_000_000)
        let status = mr_collect_output(child.pid, pipe[0], &buffer, HealthState.keptOutputBytes, &length, milliseconds)
        let output = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if status == -ETIMEDOUT {
            return (-1, "Health check exceeded timeout (\(GoDuration.format(timeout)))" + (output.isEmpty ? "" : ": " + output))
        }
        if status < 0 { return (-1, "wait for the health check: " + String(cString: strerror(-status))) }
        return (Int(Self.exitCode(waitStatus: status)), output)
    }
}
