import CRuntimeShims
import Glibc

/// A bundle's config.json turned into the spec of minirun's C child (the same child path `run`
/// uses): the namespaces to clone or join, the filesystem steps (bind of the root onto itself,
/// pivot_root, the config's mounts in order, devices, sysctls, masked and read-only paths), the
/// process's user, capabilities, seccomp filter and command. Bind mounts are opened here (open_tree)
/// and attached by the child after pivot_root, so it never resolves a host path inside the rootfs.
struct OCILaunch {
    var spec = ProcessSpec()
    /// The open_tree fds the child inherits; closed once it has its copies.
    var inheritedFds: [Int32] = []
    var deviceNodes: [DeviceNode] = []
    /// In a user namespace (new or joined) no device node can be made: the host's are bound instead.
    var inUserNamespace = false

    static let cloneFlags: [String: Int32] = [
        "pid": CLONE_NEWPID, "network": CLONE_NEWNET, "mount": CLONE_NEWNS, "ipc": CLONE_NEWIPC, "uts": CLONE_NEWUTS,
        "cgroup": CLONE_NEWCGROUP, "user": CLONE_NEWUSER,
    ]
    /// The namespace types a new container can join by path: the child's join_namespaces joins all
    /// but pid, which a middle process joins before it clones the child into it (spawn.c).
    static let joinable: [String: mr_ns_index] = [
        "network": MR_NS_NET, "ipc": MR_NS_IPC, "uts": MR_NS_UTS, "mount": MR_NS_MNT, "pid": MR_NS_PID, "cgroup": MR_NS_CGROUP,
        "user": MR_NS_USER,
    ]

    func close() {
        for fd in inheritedFds { Glibc.close(fd) }
    }

    init(_ config: OCISpec, bundle: String, cgroupMounts: [(String, String)], seccompCache: String) throws {
        do {
            try build(config, bundle: bundle, cgroupMounts: cgroupMounts, seccompCache: seccompCache)
        } catch {
            close()
            throw error
        }
    }

    private mutating func build(_ config: OCISpec, bundle: String, cgroupMounts: [(String, String)], seccompCache: String) throws {
        guard let process = config.process, let args = process.args, !args.isEmpty else {
            throw RuntimeError(.invalidArgument, "args must not be empty")
        }
        guard let rootPath = config.root?.path, !rootPath.isEmpty else {
            throw RuntimeError(.invalidArgument, "root must be specified")
        }
        let rootfs = Self.resolve(rootPath, in: bundle)
        guard FileSystem.isDirectory(rootfs) else {
            throw RuntimeError(.invalidArgument, "rootfs (\(rootfs)) does not exist")
        }
        let linux = config.linux ?? OCILinux()
        try applyNamespaces(linux.namespaces ?? [])
        try applyUserNamespace(linux, user: process.user)
        // As runc: a UTS namespace joined by path is the container's own too, and gets the names.
        let ownUTS = (linux.namespaces ?? []).contains { $0.type == "uts" }
        if config.hostname != nil && !ownUTS {
            throw RuntimeError(.invalidArgument, "unable to set hostname without a private UTS namespace")
        }
        if config.domainname != nil && !ownUTS {
            throw RuntimeError(.invalidArgument, "unable to set domainname without a private UTS namespace")
        }
        spec.hostname = config.hostname.flatMap { $0.isEmpty ? nil : $0 }
        spec.domainname = config.domainname.flatMap { $0.isEmpty ? nil : $0 }
        spec.newCgroupNamespace = (linux.namespaces ?? []).contains { $0.type == "cgroup" && ($0.path ?? "").isEmpty }

        var pivot = FilesystemStep(.pivot, target: rootfs)
        spec.reportsMounted = !(config.hooks?.createContainer ?? []).isEmpty
        pivot.keepsOldRoot = spec.reportsMounted || inUserNamespace
        spec.steps = [.mount("", rootfs, on: rootfs, flags: UInt(MS_BIND | MS_REC)), pivot]
        // After pivot_root, which refuses a shared root: the propagation of the container's "/".
        if let propagation = linux.rootfsPropagation.flatMap({ OCIMountOptions.propagationTable[$0] }) {
            spec.steps.append(FilesystemStep(.mount, target: "/", flags: propagation))
        }
        var devTmpfs = false
        for mount in config.mounts ?? [] {
            try appendMount(mount, cgroupMounts: cgroupMounts)
            if mount.destination == "/dev" && mount.type == "tmpfs" { devTmpfs = true }
        }
        if devTmpfs { try appendDefaultDevices() }
        for device in linux.devices ?? [] { try appendDevice(device) }
        for (key, value) in (linux.sysctl ?? [:]).sorted(by: { $0.key < $1.key }) {
            var step = FilesystemStep(.write, target: Sysctls.path(of: key))
            step.data = value
            spec.steps.append(step)
        }
        spec.steps += (linux.maskedPaths ?? []).map { FilesystemStep(.mask, target: $0, optional: true) }
        spec.steps += (linux.readonlyPaths ?? []).map { FilesystemStep(.readOnly, target: $0, optional: true) }
        if config.root?.readonly == true {
            spec.steps.append(FilesystemStep(.remount, target: "/", flags: UInt(MS_BIND | MS_RDONLY)))
        }

        try applyProcess(process, seccomp: linux.seccomp, seccompCache: seccompCache)
        spec.startHooks = (config.hooks?.startContainer ?? []).map { hook in
            ProcessSpec.Hook(path: hook.path, arguments: hook.args?.isEmpty == false ? hook.args! : [hook.path],
                             environment: hook.env ?? [], timeoutSeconds: Int32(clamping: max(0, hook.timeout ?? 0)))
        }
    }

    private mutating func applyNamespaces(_ namespaces: [OCINamespace]) throws {
        for namespace in namespaces {
            switch namespace.type {
            case "cgroup" where (namespace.path ?? "").isEmpty:
                continue  // made by the child itself once in its cgroup (new_cgroupns)
            default:
                guard let flag = Self.cloneFlags[namespace.type] else {
                    throw RuntimeError(.invalidArgument, "namespace type \(namespace.type) does not exist")
                }
                if let path = namespace.path, !path.isEmpty {
                    guard let index = Self.joinable[namespace.type] else {
                        throw RuntimeError(.invalidArgument, "joining a \(namespace.type) namespace by path is not supported by minirun-oci yet")
                    }
                    guard FileSystem.exists(path) else {
                        throw RuntimeError(.notFound, "namespace \(namespace.type) path \(path): no such file or directory")
                    }
                    spec.joinNamespaces[Int(index.rawValue)] = path
                } else {
                    spec.cloneFlags |= UInt64(flag)
                }
            }
        }
        if spec.cloneFlags & UInt64(CLONE_NEWNS) == 0 && spec.joinNamespaces[Int(MR_NS_MNT.rawValue)] == nil {
            throw RuntimeError(.invalidArgument, "a mount namespace is required: the bundle's namespaces lack \"mount\"")
        }
        spec.loopbackUp = spec.cloneFlags & UInt64(CLONE_NEWNET) != 0
    }

    /// A user namespace's maps (checked by OCIIDMaps), with which mr_spawn maps a new one.
    private mutating func applyUserNamespace(_ linux: OCILinux, user: OCIUser) throws {
        let new = spec.cloneFlags & UInt64(CLONE_NEWUSER) != 0
        inUserNamespace = new || spec.joinNamespaces[Int(MR_NS_USER.rawValue)] != nil
        guard new else {
            if !inUserNamespace && (!(linux.uidMappings ?? []).isEmpty || !(linux.gidMappings ?? []).isEmpty) {
                throw RuntimeError(.invalidArgument, "UID/GID mappings requires user namespaces")
            }
            return
        }
        if spec.joinNamespaces.keys.contains(where: { $0 != Int(MR_NS_USER.rawValue) }) {
            throw RuntimeError(.invalidArgument, "joining namespaces by path together with a new user namespace is not supported by minirun-oci: they would not be owned by it")
        }
        spec.uidMap = try OCIIDMaps.text(linux.uidMappings ?? [], field: "linux.uidMappings", mustMap: [0, user.uid])
        spec.gidMap = try OCIIDMaps.text(linux.gidMappings ?? [], field: "linux.gidMappings", mustMap: [0, user.gid] + (user.additionalGids ?? []))
    }

    /// A device node of the host bound at `target` (in a user namespace, where mknod is refused).
    private mutating func bindHostDevice(_ source: String, at target: String) throws {
        let fd = mr_open_tree_clone(source, 0)
        if fd < 0 { throw RuntimeError.system("open_tree \(source)", -fd) }
        inheritedFds.append(fd)
        spec.steps += MountPlan.parents(of: target).dropLast().map { .directory($0) }
        spec.steps.append(FilesystemStep(.touch, target: target))
        spec.steps.append(.attach(fd: fd, from: source, on: target))
    }

    private mutating func appendMount(_ mount: OCIMount, cgroupMounts: [(String, String)]) throws {
        let target = mount.destination
        guard target.hasPrefix("/") else {
            throw RuntimeError(.invalidArgument, "mount destination \(target) is not absolute")
        }
        let options = OCIMountOptions(mount.options ?? [])
        let type = mount.type ?? (options.bind ? "bind" : "none")
        if options.bind || type == "bind" {
            guard let source = mount.source, !source.isEmpty else {
                throw RuntimeError(.invalidArgument, "bind mount of \(target) has no source")
            }
            let fd = mr_open_tree_clone(source, options.recursive ? 1 : 0)
            if fd < 0 { throw RuntimeError.system("open_tree \(source)", -fd) }
            inheritedFds.append(fd)
            let isDirectory = FileSystem.isDirectory(source)
            let parents = MountPlan.parents(of: target)
            spec.steps += (isDirectory ? parents : parents.dropLast()).map { .directory($0) }
            if !isDirectory { spec.steps.append(FilesystemStep(.touch, target: target)) }
            var attach = FilesystemStep.attach(fd: fd, from: source, on: target)
            attach.inOrder = true
            spec.steps.append(attach)
            let remountFlags = options.flags & ~UInt(MS_REMOUNT)
            if remountFlags != 0 {
                spec.steps.append(FilesystemStep(.remount, target: target, flags: UInt(MS_BIND) | remountFlags))
            }
        } else if type == "cgroup" {
            try appendCgroupMount(target, options: options, cgroupMounts: cgroupMounts)
        } else {
            spec.steps += MountPlan.parents(of: target).map { .directory($0) }
            spec.steps.append(.mount(type, mount.source ?? type, on: target, flags: options.flags, data: options.dataString))
        }
        if options.propagation != 0 {
            spec.steps.append(FilesystemStep(.mount, target: target, flags: options.propagation))
        }
    }

    /// The container's own cgroup directories, bound over a tmpfs at the destination as runc does
    /// (named after their hierarchy: memory, cpu,cpuacct, unified), or alone on a cgroup2-only host.
    private mutating func appendCgroupMount(_ target: String, options: OCIMountOptions, cgroupMounts: [(String, String)]) throws {
        spec.steps += MountPlan.parents(of: target).map { .directory($0) }
        let readOnly = options.flags & UInt(MS_RDONLY) != 0
        let bindFlags = UInt(MS_BIND) | (options.flags & UInt(MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC))
        if cgroupMounts.count == 1, cgroupMounts[0].0.isEmpty {
            let fd = mr_open_tree_clone(cgroupMounts[0].1, 0)
            if fd < 0 { throw RuntimeError.system("open_tree \(cgroupMounts[0].1)", -fd) }
            inheritedFds.append(fd)
            spec.steps.append(.attach(fd: fd, from: cgroupMounts[0].1, on: target))
            spec.steps.append(FilesystemStep(.remount, target: target, flags: bindFlags))
            return
        }
        let tmpfsFlags = options.flags & ~UInt(MS_RDONLY)
        spec.steps.append(.mount("tmpfs", "tmpfs", on: target, flags: tmpfsFlags, data: "mode=755"))
        for (name, directory) in cgroupMounts {
            let fd = mr_open_tree_clone(directory, 0)
            if fd < 0 { throw RuntimeError.system("open_tree \(directory)", -fd) }
            inheritedFds.append(fd)
            spec.steps.append(.directory(target + "/" + name))
            spec.steps.append(.attach(fd: fd, from: directory, on: target + "/" + name))
            spec.steps.append(FilesystemStep(.remount, target: target + "/" + name, flags: bindFlags))
        }
        if readOnly {
            spec.steps.append(FilesystemStep(.remount, target: target, flags: tmpfsFlags | UInt(MS_RDONLY)))
        }
    }

    /// runc's default devices and /dev links, on a /dev the config mounts as a tmpfs.
    private mutating func appendDefaultDevices() throws {
        for (name, device) in MountPlan.devices {
            if inUserNamespace {
                try bindHostDevice("/dev/" + name, at: "/dev/" + name)
            } else {
                spec.steps.append(FilesystemStep(.makeNode, target: "/dev/" + name, mode: UInt32(S_IFCHR) | 0o666, device: device))
            }
        }
        for (source, target) in MountPlan.deviceLinks {
            spec.steps.append(FilesystemStep(.symlink, source: source, target: target))
        }
    }

    private mutating func appendDevice(_ device: OCIDevice) throws {
        let kind: DeviceRule.Kind
        switch device.type {
        case "c", "u": kind = .char
        case "b": kind = .block
        case "p":
            // A fifo: a node without a device number, which the device cgroup does not govern.
            spec.steps += MountPlan.parents(of: device.path).dropLast().map { .directory($0) }
            spec.steps.append(FilesystemStep(.makeNode, target: device.path, mode: UInt32(S_IFIFO) | ((device.fileMode ?? 0o666) & 0o777), device: 0))
            return
        default:
            throw RuntimeError(.invalidArgument, "device \(device.path): type \(device.type) is not supported")
        }
        guard let major = device.major, let minor = device.minor, major >= 0, minor >= 0 else {
            throw RuntimeError(.invalidArgument, "device \(device.path) needs major and minor numbers")
        }
        let node = DeviceNode(pathInContainer: device.path, kind: kind, major: UInt32(major), minor: UInt32(minor),
                              permissionBits: (device.fileMode ?? 0o666) & 0o777, access: .all)
        deviceNodes.append(node)
        if inUserNamespace { return try bindHostDevice(device.path, at: node.pathInContainer) }
        spec.steps += MountPlan.parents(of: node.pathInContainer).dropLast().map { .directory($0) }
        spec.steps.append(FilesystemStep(.makeNode, target: node.pathInContainer, mode: node.fileMode, device: node.deviceNumber))
    }

    mutating func applyProcess(_ process: OCIProcess, seccomp: SeccompProfile?, seccompCache: String) throws {
        spec.arguments = process.args ?? []
        spec.environment = process.env ?? []
        spec.workingDirectory = process.cwd.isEmpty ? "/" : process.cwd
        guard spec.workingDirectory?.hasPrefix("/") == true else {
            throw RuntimeError(.invalidArgument, "cwd property must not be relative")
        }
        spec.uid = process.user.uid
        spec.gid = process.user.gid
        spec.groups = process.user.additionalGids ?? []
        spec.tty = process.terminal ?? false
        spec.windowSize = process.consoleSize.map { WindowSize(rows: UInt16(clamping: $0.height), columns: UInt16(clamping: $0.width)) }
        spec.noNewPrivileges = process.noNewPrivileges ?? false
        // What this process holds bounds what the container can get (root here lacks CAP_SYS_RESOURCE).
        let available = Capabilities.callerBoundingSet()
        let caps = process.capabilities
        func mask(_ names: [String]?) throws -> UInt64 {
            for name in names ?? [] where Capabilities.number(name) == nil {
                throw RuntimeError(.invalidArgument, "unknown capability \(name)")
            }
            return Capabilities.mask(names ?? []) & available
        }
        var set = CapabilitySet(0)
        set.bounding = try mask(caps?.bounding)
        set.effective = try mask(caps?.effective)
        set.permitted = try mask(caps?.permitted)
        set.inheritable = try mask(caps?.inheritable)
        set.ambient = try mask(caps?.ambient) & set.permitted & set.inheritable
        spec.capabilities = set
        if let seccomp {
            spec.seccompFilter = try SeccompFilters.filter(for: seccomp, capabilities: set.effective | set.bounding, cacheDirectory: seccompCache)
        }
    }

    static func resolve(_ path: String, in bundle: String) -> String {
        path.hasPrefix("/") ? path : bundle + "/" + path
    }
}
