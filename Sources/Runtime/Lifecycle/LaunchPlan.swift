import CRuntimeShims
import Glibc

/// A container made ready to start: its files written, the host files it bind-mounts opened, and
/// the spec of its first process built. `close()` releases the fds once the child has its copies.
struct LaunchPlan {
    var spec: ProcessSpec
    /// Detached bind mounts we made for the child to attach; it inherits them.
    var inheritedFds: [Int32]

    func close() {
        for fd in inheritedFds { Glibc.close(fd) }
    }
}

extension Engine {
    static let namespaceFlags = UInt64(CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC)

    /// Writes the container's generated files and builds the spec of its first process.
    func prepareLaunch(_ record: ContainerRecord, attached: Bool) throws -> LaunchPlan {
        let config = record.config
        let directory = containers.directory(record.id)
        let imageRootfs = images.rootfs(id: config.imageID)
        guard FileSystem.isDirectory(imageRootfs) else {
            throw RuntimeError("image \(config.image) (\(Identifiers.short(config.imageID))) of the container is gone", exitCode: 125)
        }
        try FileSystem.makeDirectories(directory + "/upper", mode: 0o755)
        try FileSystem.makeDirectories(directory + "/work", mode: 0o700)
        try FileSystem.makeDirectories(directory + "/rootfs", mode: 0o755)

        explainer.note("the container's writable layer and mount point")
        explainer.command("mkdir -p \(directory)/upper \(directory)/work \(directory)/rootfs")
        try writeEtcFiles(record)

        var fds: [Int32] = []
        var etcFiles: [(name: String, fd: Int32)] = []
        for name in EtcFiles.fileNames {
            let fd = mr_open_tree_clone(directory + "/" + name, 0)
            if fd < 0 {
                for fd in fds { Glibc.close(fd) }
                throw RuntimeError.system("open_tree \(directory)/\(name)", -fd)
            }
            fds.append(fd)
            etcFiles.append((name, fd))
        }
        let plan = LaunchPlan(spec: try processSpec(record, imageRootfs: imageRootfs, etcFiles: etcFiles, attached: attached), inheritedFds: fds)
        explainFilesystem(plan.spec)
        return plan
    }

    private func processSpec(
        _ record: ContainerRecord, imageRootfs: String, etcFiles: [(name: String, fd: Int32)], attached: Bool
    ) throws -> ProcessSpec {
        let config = record.config
        let directory = containers.directory(record.id)
        let user = try UserSpec.resolve(config.user) { path in
            (try? FileSystem.readString(directory + "/upper" + path)) ?? (try? FileSystem.readString(imageRootfs + path))
        }
        var mounts = MountPlan(imageRootfs: imageRootfs, containerDirectory: directory, etcFiles: etcFiles)
        mounts.workingDirectory = config.workingDir.isEmpty ? nil : config.workingDir

        var spec = ProcessSpec()
        spec.cloneFlags = Self.namespaceFlags | (config.network.hasOwnNamespace ? UInt64(CLONE_NEWNET) : 0)
        spec.newCgroupNamespace = true
        spec.parentDeathSignal = attached ? SIGKILL : 0
        spec.tty = config.tty
        spec.steps = mounts.steps()
        spec.hostname = config.network == .host ? nil : config.hostname
        spec.workingDirectory = config.workingDir.isEmpty ? "/" : config.workingDir
        spec.uid = user.uid
        spec.gid = user.gid
        spec.groups = user.groups
        spec.capabilities = CapabilitySet(Capabilities.defaultMask)
        spec.arguments = config.command
        spec.environment = Environment.build(user: config.env, hostname: config.hostname, tty: config.tty, home: user.home)
        return spec
    }

    /// hostname, hosts and resolv.conf in the container's directory, rewritten in place (they are
    /// bind-mounted, so their inodes must stay).
    func writeEtcFiles(_ record: ContainerRecord) throws {
        let config = record.config
        let directory = containers.directory(record.id)
        let hostResolv = (try? FileSystem.readString("/etc/resolv.conf")) ?? ""
        let hosts: String
        let resolv: String
        switch config.network {
        case .host:
            hosts = (try? FileSystem.readString("/etc/hosts")) ?? EtcFiles.hosts(entries: [])
            resolv = EtcFiles.resolvConf(host: hostResolv, keepLoopback: true)
        case .none:
            hosts = EtcFiles.hosts(entries: [])
            resolv = EtcFiles.resolvConf(host: hostResolv, keepLoopback: false)
        }
        let hostname = config.network == .host ? Self.hostHostname() : config.hostname
        try FileSystem.write(directory + "/hostname", Array((hostname + "\n").utf8))
        try FileSystem.write(directory + "/hosts", Array(hosts.utf8))
        try FileSystem.write(directory + "/resolv.conf", Array(resolv.utf8))
    }

    static func hostHostname() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        gethostname(&buffer, buffer.count - 1)
        return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    private func explainFilesystem(_ spec: ProcessSpec) {
        guard explainer.isEnabled else { return }
        var namespaces = ["--pid", "--mount", "--uts", "--ipc", "--cgroup"]
        if spec.cloneFlags & UInt64(CLONE_NEWNET) != 0 { namespaces.append("--net") }
        explainer.note("the container's process starts in new namespaces; everything below happens inside them")
        explainer.command("unshare \(namespaces.joined(separator: " ")) --fork --propagation private sh")
        for step in spec.steps {
            explainer.command(step.shellCommand)
        }
        if let hostname = spec.hostname { explainer.command("hostname \(hostname)") }
    }
}
