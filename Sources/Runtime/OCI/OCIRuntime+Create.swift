import CRuntimeShims
import Glibc

extension OCIRuntime {
    /// Creates the container of a bundle: its record first, then its cgroup, then its process, which
    /// sets up everything and waits on exec.fifo until `start`. Its stdio is ours. On failure
    /// everything made is undone; a create killed midway leaves a record `delete` removes.
    public func create(_ id: String, _ options: OCICreateOptions) throws -> OCIStartedProcess {
        try Self.validate(id)
        // Fds our caller leaked to us (a pipe it reads until EOF) would stay open in the waiting process.
        mr_cloexec_from(3 + UInt32(max(0, options.preserveFds)))
        try FileSystem.makeDirectories(root, mode: 0o711)
        if mkdir(directory(id), 0o711) != 0 {
            if errno == EEXIST { throw RuntimeError(.conflict, "container with id exists: \(id)") }
            throw RuntimeError.system("mkdir \(directory(id))")
        }
        let lock = try lock(id)
        defer { lock.unlock() }
        var record = OCIRecord(id: id, bundle: "", rootfs: "", created: .now(), owner: Self.owner())
        do {
            return try create(&record, options)
        } catch {
            try? destroy(record)
            try? FileSystem.removeTree(directory(id))
            throw error
        }
    }

    private func create(_ record: inout OCIRecord, _ options: OCICreateOptions) throws -> OCIStartedProcess {
        let bundle = FileSystem.absolute(options.bundle)
        guard let bytes = try FileSystem.read(bundle + "/config.json") else {
            throw RuntimeError(.notFound, "JSON specification file config.json not found")
        }
        let config: OCISpec
        do {
            config = try StateJSON.decode(OCISpec.self, from: bytes)
        } catch {
            throw RuntimeError(.invalidArgument, "config.json: \(error)")
        }
        guard OCIVersion.isSupported(config.ociVersion) else {
            throw RuntimeError(.invalidArgument, "config.json: unsupported ociVersion \"\(config.ociVersion)\" (1.x.y is read)")
        }
        let terminal = config.process?.terminal ?? false
        if terminal && options.consoleSocket == nil && !options.foreground {
            throw RuntimeError(.invalidArgument, "cannot allocate tty if runc will detach without setting console socket")
        }
        if !terminal && options.consoleSocket != nil {
            throw RuntimeError(.invalidArgument, "cannot use console socket if runc will not detach or allocate tty")
        }
        record.bundle = bundle
        record.rootfs = OCILaunch.resolve(config.root?.path ?? "rootfs", in: bundle)
        record.annotations = config.annotations
        record.hooks = config.hooks
        let limits = ResourceLimits(oci: config.linux?.resources)
        let resources = config.linux?.resources
        try resources?.checkFileResources()
        let devices = try (config.linux?.devices ?? []).map { device in
            DeviceNode(pathInContainer: device.path, kind: device.type == "b" ? .block : .char,
                       major: UInt32(device.major ?? 0), minor: UInt32(device.minor ?? 0),
                       permissionBits: (device.fileMode ?? 0o666) & 0o777, access: .all)
        }
        let layout = try CgroupLayout.ofThisProcess()
        var cgroup = try OCICgroup.plan(
            cgroupsPath: config.linux?.cgroupsPath, id: record.id, limits: limits, resources: resources,
            devices: DeviceAllowlist(oci: config.linux?.resources?.devices, devices: devices), layout: layout)
        cgroup.recordMissing()
        record.cgroup = cgroup
        try save(record)
        try cgroup.create(limits: limits, resources: resources)

        let cgroupMounts = Self.cgroupMounts(cgroup, layout: layout)
        let sealedInit = SealedInit(monitor)
        var launch = try OCILaunch(config, bundle: bundle, cgroupMounts: cgroupMounts, seccompCache: seccompCache)
        defer { launch.close() }
        if mkfifo(fifoPath(record.id), 0o600) != 0 { throw RuntimeError.system("mkfifo \(fifoPath(record.id))") }
        // Held by the child alone once we are done: `start` can then open it for writing only while
        // the child waits (ENXIO once it is gone). Not close-on-exec: it crosses the init's execve.
        let startFd = open(fifoPath(record.id), O_RDWR)
        if startFd < 0 { throw RuntimeError.system("open \(fifoPath(record.id))") }
        defer { close(startFd) }
        launch.spec.startFd = startFd
        // With startContainer hooks `start` waits to hear how they went (without, it returns at once, as runc's).
        var replyFd: Int32?, hookState: Int32?
        defer { for fd in [replyFd, hookState] { if let fd { close(fd) } } }
        if !launch.spec.startHooks.isEmpty {
            if mkfifo(replyFifoPath(record.id), 0o600) != 0 { throw RuntimeError.system("mkfifo \(replyFifoPath(record.id))") }
            replyFd = open(replyFifoPath(record.id), O_RDWR)
            if replyFd! < 0 { throw RuntimeError.system("open \(replyFifoPath(record.id))") }
            hookState = try Self.anonymousFile(in: directory(record.id))
        }
        launch.spec.replyFd = replyFd
        launch.spec.hookStateFd = hookState
        launch.spec.preservedFds = UInt32(max(0, options.preserveFds))
        launch.spec.parentDeathSignal = options.foreground ? SIGKILL : 0
        launch.spec.initFd = try sealedInit.finish()

        var process = mr_process()
        var failure = mr_child_error()
        var blob = launch.spec.encode()
        let rc = blob.withUnsafeMutableBytes { mr_spawn($0.baseAddress, $0.count, &process, &failure) }
        close(launch.spec.initFd)
        if rc != 0 { throw ChildFailure.error(failure, spec: launch.spec) }
        guard let identity = ProcessIdentity(pid: process.pid) else {
            throw RuntimeError(.system, "the container's process died before it started")
        }
        record.pid = identity.pid
        record.startTime = identity.startTime
        var master: Int32 = -1
        do {
            try save(record)
            try cgroup.cgroup.addProcess(process.pid)
            try Self.applyLimits(config.process, to: process.pid)
            let state = state(of: record)
            if let hookState { try FileSystem.writeAll(fd: hookState, StateJSON.encode(state), path: "the state for startContainer hooks") }
            try OCIHookRunner.run(config.hooks?.prestart, kind: "prestart", state: state)
            try OCIHookRunner.run(config.hooks?.createRuntime, kind: "createRuntime", state: state)
            if launch.spec.reportsMounted {
                if mr_wait_mounted(&process, &failure) != 0 { throw ChildFailure.error(failure, spec: launch.spec) }
                try OCIHookRunner.run(config.hooks?.createContainer, kind: "createContainer", state: state,
                                      mountNamespaceOf: process.pid)
            }
        } catch {
            var ignored = mr_child_error()
            _ = mr_abandon(&process, &ignored)
            throw error
        }
        if mr_start(&process, &failure, &master) != 0 {
            throw ChildFailure.error(failure, spec: launch.spec)
        }
        return try Self.started(pid: process.pid, master: master, consoleSocket: options.consoleSocket, pidFile: options.pidFile)
    }

    /// Where each of the container's cgroup directories appears under a `cgroup` mount: by its
    /// hierarchy's name (memory, cpu,cpuacct, unified); alone ("") on a cgroup2-only host.
    static func cgroupMounts(_ cgroup: OCICgroup, layout: CgroupLayout) -> [(String, String)] {
        let directories = cgroup.cgroup.directories
        if directories.count == 1, directories[0].version == .v2 { return [("", directories[0].path)] }
        return directories.compactMap { directory in
            guard let hierarchy = layout.hierarchies.first(where: { directory.path.hasPrefix($0.mountPoint + "/") }) else { return nil }
            let name = hierarchy.mountPoint.split(separator: "/").last.map(String.init) ?? ""
            return name.isEmpty ? nil : (name, directory.path)
        }
    }

    /// rlimits and oom_score_adj, set from here on the process that waits to be released.
    static func applyLimits(_ process: OCIProcess?, to pid: Int32) throws {
        for limit in process?.rlimits ?? [] {
            guard let resource = Ulimit.resourceNumbers[limit.type] else {
                throw RuntimeError(.invalidArgument, "wrong rlimit value: \(limit.type)")
            }
            let failure = mr_prlimit(pid, Int32(resource), limit.soft, limit.hard)
            if failure != 0 { throw RuntimeError.system("error setting rlimit type \(limit.type)", -failure) }
        }
        if let score = process?.oomScoreAdj {
            try FileSystem.overwrite("/proc/\(pid)/oom_score_adj", Array(String(score).utf8))
        }
    }

    /// A process create or exec started, handed over as the caller asked: the terminal's master to
    /// the console socket (and closed here), the pid into the pid file.
    static func started(pid: Int32, master: Int32, consoleSocket: String?, pidFile: String?) throws -> OCIStartedProcess {
        var master = master
        if master >= 0, let socket = consoleSocket {
            let sent = mr_console_send(socket, master)
            close(master)
            master = -1
            if sent != 0 { throw RuntimeError.system("send the console to \(socket)", -sent) }
        }
        if let pidFile { try writePidFile(pidFile, pid: pid) }
        return OCIStartedProcess(pid: pid, master: master)
    }

    /// A file only its descriptor names (read and write), made in `directory` and unlinked at once.
    static func anonymousFile(in directory: String) throws -> Int32 {
        let path = directory + "/.hook-state"
        let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if fd < 0 { throw RuntimeError.system("open \(path)") }
        unlink(path)
        return fd
    }

    static func writePidFile(_ path: String, pid: Int32) throws {
        try FileSystem.writeAtomically(FileSystem.absolute(path), String(pid))
    }

    static func owner() -> String {
        guard let entry = getpwuid(getuid()), let name = entry.pointee.pw_name else { return "" }
        return String(cString: name)
    }
}
