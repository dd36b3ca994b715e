import CRuntimeShims
import Glibc

/// The OCI runtime operations (runtime-spec runtime.md, with runc's behaviour where the spec leaves
/// room) over containers kept under `root`: one directory per container with its record
/// (state.json), the fifo its process waits on between create and start (exec.fifo) and a lock.
public final class OCIRuntime {
    public let root: String
    /// minirun-monitor, the runtime's init every process entering a container executes first.
    let monitor: String

    public init(root: String, monitor: String) {
        self.root = root
        self.monitor = monitor
    }

    func directory(_ id: String) -> String { root + "/" + id }
    func recordPath(_ id: String) -> String { directory(id) + "/state.json" }
    func fifoPath(_ id: String) -> String { directory(id) + "/exec.fifo" }
    /// Where the container's process tells `start` what failed after it was released (its
    /// startContainer hooks, its execve), or closes it by executing the command.
    func replyFifoPath(_ id: String) -> String { directory(id) + "/start.fifo" }
    var seccompCache: String { root + "/.seccomp" }

    /// runc's rule for IDs: letters, digits and _ + - . only, so an ID is always one path component.
    static func validate(_ id: String) throws {
        let allowed = id.utf8.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c == 0x5f || c == 0x2b || c == 0x2d || c == 0x2e
        }
        guard !id.isEmpty, allowed, id != ".", id != ".." else {
            throw RuntimeError(.invalidArgument, "invalid container id format: \(id)")
        }
    }

    func load(_ id: String) throws -> OCIRecord {
        try Self.validate(id)
        guard let bytes = try FileSystem.read(recordPath(id)) else {
            if FileSystem.isDirectory(directory(id)) {
                // A create killed before its first write: nothing but the directory.
                return OCIRecord(id: id, bundle: "", rootfs: "", created: .zero, owner: "")
            }
            throw RuntimeError(.notFound, "container does not exist")
        }
        return try StateJSON.decode(OCIRecord.self, from: bytes)
    }

    func save(_ record: OCIRecord) throws {
        try FileSystem.writeAtomically(recordPath(record.id), StateJSON.encode(record), mode: 0o600)
    }

    func lock(_ id: String) throws -> FileLock {
        guard let lock = try FileLock.onDirectory(directory(id)) else {
            throw RuntimeError(.notFound, "container does not exist")
        }
        return lock
    }

    func status(_ record: OCIRecord) -> OCIStatus {
        guard let process = record.process, process.isAlive else { return .stopped }
        if FileSystem.exists(fifoPath(record.id)) { return .created }
        if record.cgroup?.isFrozen == true { return .paused }
        return .running
    }

    func state(of record: OCIRecord) -> OCIState {
        let status = status(record)
        return OCIState(
            ociVersion: OCIVersion.spec, id: record.id, status: status.rawValue,
            pid: status == .stopped ? 0 : record.pid, bundle: record.bundle, rootfs: record.rootfs,
            created: record.created.description, owner: record.owner, annotations: record.annotations)
    }

    public func state(_ id: String) throws -> OCIState {
        state(of: try load(id))
    }

    public func list() -> [OCIState] {
        FileSystem.list(root).sorted().filter { !$0.hasPrefix(".") }.compactMap { try? state($0) }
    }

    // MARK: start, kill, pause, update

    /// Releases the container's process, which waits on exec.fifo since create.
    public func start(_ id: String) throws {
        let lock = try lock(id)
        defer { lock.unlock() }
        let record = try load(id)
        switch status(record) {
        case .created: break
        case .stopped: throw RuntimeError(.conflict, "cannot start a container that has stopped")
        default: throw RuntimeError(.conflict, "cannot start an already running container")
        }
        // Opened before the release, so that what the process reports after it finds a reader.
        let reply = open(replyFifoPath(id), O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        defer { if reply >= 0 { close(reply) } }
        let fd = open(fifoPath(id), O_WRONLY | O_NONBLOCK | O_CLOEXEC)
        if fd < 0 {
            if errno == ENXIO { throw RuntimeError(.conflict, "cannot start a container that has stopped") }
            throw RuntimeError.system("open exec fifo for \(id)")
        }
        var byte: UInt8 = 0
        let written = write(fd, &byte, 1)
        close(fd)
        guard written == 1 else { throw RuntimeError.system("write to exec fifo of \(id)") }
        unlink(fifoPath(id))
        unlink(replyFifoPath(id))
        if reply >= 0, let failure = Self.readReply(reply) {
            var spec = ProcessSpec()
            spec.arguments = bundleConfig(record)?.process?.args ?? []
            throw ChildFailure.error(failure, spec: spec)
        }
        do {
            try OCIHookRunner.run(record.hooks?.poststart, kind: "poststart", state: state(of: record))
        } catch {
            printDiagnostic("warning: \(error)")
        }
    }

    /// The config.json of a container's bundle, if it is still there and readable.
    func bundleConfig(_ record: OCIRecord) -> OCISpec? {
        (try? FileSystem.read(record.bundle + "/config.json")).flatMap { $0.flatMap { try? StateJSON.decode(OCISpec.self, from: $0) } }
    }

    /// Waits until the released process executes its command (EOF) or reports a failure.
    static func readReply(_ fd: Int32) -> mr_child_error? {
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        var failure = mr_child_error()
        let size = MemoryLayout<mr_child_error>.size
        var got = 0
        while got < size {
            let n = withUnsafeMutableBytes(of: &failure) { read(fd, $0.baseAddress! + got, size - got) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            got += n
        }
        return got == size ? failure : nil
    }

    public func kill(_ id: String, signal: Int32, all: Bool) throws {
        let record = try load(id)
        let status = status(record)
        guard status != .stopped, let pid = record.process?.pid else {
            throw RuntimeError(.conflict, "container not running")
        }
        let targets = all ? Set((record.cgroup?.processes ?? []) + [pid]) : [pid]
        for target in targets where Glibc.kill(target, signal) != 0 && errno != ESRCH {
            throw RuntimeError.system("kill \(target)")
        }
        if all && status == .paused { try? record.cgroup?.freeze(false) }
    }

    public func pause(_ id: String, _ frozen: Bool) throws {
        let lock = try lock(id)
        defer { lock.unlock() }
        let record = try load(id)
        let status = status(record)
        guard status == .running || status == .paused else {
            throw RuntimeError(.conflict, "container not running")
        }
        guard let cgroup = record.cgroup else { throw RuntimeError(.system, "container has no cgroup") }
        try cgroup.freeze(frozen)
    }

    public func update(_ id: String, resources: OCIResources) throws {
        let record = try load(id)
        guard let cgroup = record.cgroup else { throw RuntimeError(.system, "container has no cgroup") }
        try cgroup.update(ResourceLimits(oci: resources), resources: resources)
    }

    public func processes(_ id: String) throws -> [Int32] {
        let record = try load(id)
        guard status(record) != .stopped else { return [] }
        return record.cgroup?.processes ?? [record.pid]
    }

    public func stats(_ id: String) throws -> CgroupStats {
        let record = try load(id)
        guard status(record) != .stopped else { throw RuntimeError(.conflict, "container not running") }
        return record.cgroup?.cgroup.stats() ?? CgroupStats()
    }

    // MARK: delete

    /// Removes the container: refused while it runs unless `force`, which kills it first. Whatever
    /// a killed create left (a record without a process, cgroup directories) goes too.
    public func delete(_ id: String, force: Bool) throws {
        try Self.validate(id)
        let lock = try lock(id)
        defer { lock.unlock() }
        let record = try load(id)
        let status = status(record)
        if status != .stopped && status != .created && !force {
            throw RuntimeError(.conflict, "cannot delete container \(id) that is not stopped: \(status.rawValue)")
        }
        try destroy(record)
        if record.pid > 0 {
            do {
                try OCIHookRunner.run(record.hooks?.poststop, kind: "poststop", state: state(of: record))
            } catch {
                printDiagnostic("warning: \(error)")
            }
        }
        try FileSystem.removeTree(directory(id))
    }

    /// Kills every process of the container, waits for them and removes its cgroup.
    func destroy(_ record: OCIRecord) throws {
        if let cgroup = record.cgroup {
            if cgroup.isFrozen { try? cgroup.freeze(false) }
            for pid in cgroup.processes { Glibc.kill(pid, SIGKILL) }
        }
        if let process = record.process, process.isAlive {
            Glibc.kill(process.pid, SIGKILL)
            _ = process.waitForExit(seconds: 10)
        }
        try record.cgroup?.remove()
    }
}
