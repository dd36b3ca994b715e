import CRuntimeShims
import Glibc

/// Everything the C child needs to become a container process (or an exec in one), prepared before
/// the clone. `encode()` turns it into the flat blob of mr_spec.h.
public struct ProcessSpec: Sendable {
    /// CLONE_NEW* flags for a new container.
    public var cloneFlags: UInt64 = 0
    /// For exec: the namespaces to join, by mr_ns_index, as /proc/PID/ns/... paths.
    public var joinNamespaces: [Int: String] = [:]
    public var isExec = false
    public var newCgroupNamespace = false
    /// A network namespace made beforehand (mr_netns_make) for the child to join instead of cloning one.
    public var networkNamespaceFd: Int32?
    /// The child brings up lo: it has a network namespace of its own.
    public var loopbackUp = false
    public var parentDeathSignal: Int32 = 0
    /// The runtime's init (minirun-monitor) open for reading: the process that enters the container
    /// executes a sealed copy of it first (sealed_init.c). minirun-monitor fills in its own.
    public var initFd: Int32 = -1
    public var tty = false
    /// With `tty`: the pty's window size before the command starts; nil, or a 0 in it, leaves it 0x0.
    public var windowSize: WindowSize?
    /// fds placed on 0, 1, 2 (-1 keeps ours).
    public var stdio: [Int32] = [-1, -1, -1]
    public var steps: [FilesystemStep] = []
    public var hostname: String?
    /// The UTS namespace's NIS domain name (`--domainname`, a config.json's domainname).
    public var domainname: String?
    public var workingDirectory: String?
    public var uid: UInt32 = 0
    public var gid: UInt32 = 0
    public var groups: [UInt32] = []
    /// Cgroup v1 directories the child moves itself into once released (mr_cgroup_join).
    public var cgroupJoins: [CgroupJoin] = []
    /// --ulimit: what the child sets with setrlimit before it drops its capabilities.
    public var resourceLimits: [ResourceLimit] = []
    /// nil keeps every capability the caller has (--privileged).
    public var capabilities: CapabilitySet?
    public var noNewPrivileges = false
    /// A compiled seccomp filter: struct sock_filter instructions, 8 bytes each.
    public var seccompFilter: [UInt8] = []
    public var arguments: [String] = []
    public var environment: [String] = []
    /// minirun-oci's create: a fifo open for reading and writing on which the set-up child waits,
    /// before its execve, for the byte `start` writes (mr_spec.start_fd).
    public var startFd: Int32?
    /// fds 3 ..< 3 + preservedFds stay open in the command (minirun-oci's --preserve-fds).
    public var preservedFds: UInt32 = 0
    /// minirun-oci's create: a fifo open for reading and writing that `start` reads: the child reports
    /// what fails after start there, and its execve closes it (mr_spec.reply_fd).
    public var replyFd: Int32?
    /// minirun-oci's createContainer hooks: the child reports "mounted" and waits while they run.
    public var reportsMounted = false
    /// startContainer hooks, run by the child after start with `hookStateFd` (the state JSON) on stdin.
    public var startHooks: [Hook] = []
    public var hookStateFd: Int32?
    /// With CLONE_NEWUSER: the uid_map and gid_map text mr_spawn writes for the child.
    public var uidMap: String?
    public var gidMap: String?
    /// --init: the command runs as the child of a minimal init that stays PID 1, forwards signals,
    /// reaps orphans and exits with the command's status (container_init.c).
    public var runsInit = false

    public init() {}

    /// `file` (DIR/tasks), relative to the open directory `directoryFd`, that the child writes "0" to.
    public struct CgroupJoin: Sendable, Equatable {
        public var directoryFd: Int32
        public var file: String

        public init(directoryFd: Int32, file: String) {
            self.directoryFd = directoryFd
            self.file = file
        }
    }

    /// One setrlimit of the child (mr_rlimit): RLIMIT_* and its values, UInt64.max for unlimited.
    public struct ResourceLimit: Sendable, Equatable {
        public var resource: Int32
        public var soft: UInt64
        public var hard: UInt64

        public init(resource: Int32, soft: UInt64, hard: UInt64) {
            self.resource = resource
            self.soft = soft
            self.hard = hard
        }
    }

    /// An OCI hook the child runs (mr_hook): argv[0] first, as in config.json.
    public struct Hook: Sendable, Equatable {
        public var path: String
        public var arguments: [String]
        public var environment: [String]
        public var timeoutSeconds: Int32

        public init(path: String, arguments: [String], environment: [String], timeoutSeconds: Int32) {
            self.path = path
            self.arguments = arguments
            self.environment = environment
            self.timeoutSeconds = timeoutSeconds
        }
    }

    /// The same spec for a process that received our fds under other numbers.
    public func renumberingFds(_ numbers: [Int32: Int32]) -> ProcessSpec {
        var copy = self
        for i in copy.steps.indices where copy.steps[i].kind == .attach {
            copy.steps[i].fd = numbers[copy.steps[i].fd] ?? copy.steps[i].fd
        }
        copy.networkNamespaceFd = copy.networkNamespaceFd.map { numbers[$0] ?? $0 }
        for i in copy.cgroupJoins.indices {
            copy.cgroupJoins[i].directoryFd = numbers[copy.cgroupJoins[i].directoryFd] ?? copy.cgroupJoins[i].directoryFd
        }
        return copy
    }

    public func encode() -> [UInt8] {
        var blob = SpecBlob()
        var header = mr_spec()
        header.magic = MR_SPEC_MAGIC
        header.clone_flags = cloneFlags
        header.is_exec = isExec ? 1 : 0
        header.new_cgroupns = newCgroupNamespace ? 1 : 0
        withUnsafeMutableBytes(of: &header.join_ns) { raw in
            let slots = raw.bindMemory(to: mr_off.self)
            for (index, path) in joinNamespaces { slots[index] = blob.string(path) }
        }
        header.uid_map = uidMap.map { blob.string($0) } ?? 0
        header.gid_map = gidMap.map { blob.string($0) } ?? 0
        header.netns_fd = networkNamespaceFd ?? -1
        header.loopback_up = loopbackUp ? 1 : 0
        header.pdeathsig = parentDeathSignal
        header.tty = tty ? 1 : 0
        header.tty_rows = windowSize?.rows ?? 0
        header.tty_cols = windowSize?.columns ?? 0
        header.stdio = (stdio[0], stdio[1], stdio[2])
        header.console_fd = -1
        header.sync_fd = -1
        header.error_fd = -1
        header.init_fd = initFd
        header.report_fd = -1
        header.start_fd = startFd ?? -1
        header.preserve_fds = preservedFds
        header.reply_fd = replyFd ?? -1
        header.report_mounted = reportsMounted ? 1 : 0
        header.hook_state_fd = hookStateFd ?? -1

        var cSteps = steps.map { step -> mr_step in
            var s = mr_step()
            s.kind = step.kind.rawValue
            s.options = (step.optional ? MR_STEP_OPTIONAL : 0) | (step.inOrder ? MR_STEP_IN_ORDER : 0)
                | (step.keepsOldRoot ? MR_STEP_KEEP_OLD_ROOT : 0)
            s.flags = UInt64(step.flags)
            s.mode = step.mode
            s.fd = step.fd
            s.dev = step.device
            s.source = step.source.map { blob.string($0) } ?? 0
            s.target = blob.string(step.target)
            s.fstype = step.fstype.map { blob.string($0) } ?? 0
            s.data = step.data.map { blob.string($0) } ?? 0
            return s
        }
        header.nsteps = UInt32(cSteps.count)
        header.steps = blob.raw(&cSteps)
        var cGroups = groups
        header.ngroups = UInt32(cGroups.count)
        header.groups = blob.raw(&cGroups)
        var cJoins = cgroupJoins.map { join in
            mr_cgroup_join(dirfd: join.directoryFd, reserved: 0, path: blob.string(join.file))
        }
        header.ncgroup_joins = UInt32(cJoins.count)
        header.cgroup_joins = blob.raw(&cJoins)
        var cLimits = resourceLimits.map { limit in
            mr_rlimit(resource: UInt32(bitPattern: limit.resource), reserved: 0, soft: limit.soft, hard: limit.hard)
        }
        header.nrlimits = UInt32(cLimits.count)
        header.rlimits = blob.raw(&cLimits)
        var cHooks = startHooks.map { hook in
            mr_hook(path: blob.string(hook.path), argv: blob.stringArray(hook.arguments),
                    envp: blob.stringArray(hook.environment), timeout: hook.timeoutSeconds, reserved: 0)
        }
        header.nstart_hooks = UInt32(cHooks.count)
        header.start_hooks = blob.raw(&cHooks)

        header.hostname = hostname.map { blob.string($0) } ?? 0
        header.domainname = domainname.map { blob.string($0) } ?? 0
        header.cwd = workingDirectory.map { blob.string($0) } ?? 0
        header.uid = uid
        header.gid = gid
        if let caps = capabilities {
            header.set_caps = 1
            header.cap_bounding = caps.bounding
            header.cap_effective = caps.effective
            header.cap_permitted = caps.permitted
            header.cap_inheritable = caps.inheritable
            header.cap_ambient = caps.ambient
        }
        header.no_new_privs = noNewPrivileges ? 1 : 0
        var filter = seccompFilter
        header.seccomp_len = UInt32(filter.count / 8)
        header.run_init = runsInit ? 1 : 0
        header.seccomp = blob.raw(&filter)
        header.argv = blob.stringArray(arguments)
        header.envp = blob.stringArray(environment)
        return blob.finish(header: &header)
    }
}

/// The growing byte buffer behind a spec: the header's place first, then everything it points to.
private struct SpecBlob {
    var bytes = [UInt8](repeating: 0, count: (MemoryLayout<mr_spec>.size + 7) & ~7)

    mutating func align() {
        while bytes.count % 8 != 0 { bytes.append(0) }
    }

    mutating func string(_ text: String) -> mr_off {
        let offset = mr_off(bytes.count)
        bytes.append(contentsOf: text.utf8)
        bytes.append(0)
        return offset
    }

    mutating func raw<T>(_ values: inout [T]) -> mr_off {
        if values.isEmpty { return 0 }
        align()
        let offset = mr_off(bytes.count)
        values.withUnsafeBytes { bytes.append(contentsOf: $0) }
        return offset
    }

    mutating func stringArray(_ items: [String]) -> mr_off {
        var offsets = items.map { string($0) }
        offsets.append(0)
        return raw(&offsets)
    }

    mutating func finish(header: inout mr_spec) -> [UInt8] {
        header.size = UInt64(bytes.count)
        withUnsafeBytes(of: &header) { raw in
            bytes.withUnsafeMutableBytes { $0.copyMemory(from: raw) }
        }
        return bytes
    }
}
