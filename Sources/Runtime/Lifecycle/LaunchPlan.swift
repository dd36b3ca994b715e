import CRuntimeShims
import Glibc
import Netns

/// The fds a child inherits: detached copies of host mounts (open_tree) it attaches inside its
/// rootfs, the cgroup directories it moves itself beneath and the network namespace it joins.
/// Closed together when preparing fails.
private struct InheritedFds {
    var fds: [Int32] = []

    mutating func openTree(_ path: String, recursive: Bool) throws -> Int32 {
        let fd = mr_open_tree_clone(path, recursive ? 1 : 0)
        if fd < 0 { throw RuntimeError.system("open_tree \(path)", -fd) }
        fds.append(fd)
        return fd
    }

    mutating func openDirectory(_ path: String) throws -> Int32 {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd < 0 { throw RuntimeError.system("open \(path)") }
        fds.append(fd)
        return fd
    }

    /// An fd made elsewhere, or -errno from making it.
    mutating func adopt(_ fd: Int32, _ what: String) throws -> Int32 {
        if fd < 0 { throw RuntimeError.system(what, -fd) }
        fds.append(fd)
        return fd
    }

    func close() {
        for fd in fds { Glibc.close(fd) }
    }
}

/// A container made ready to start: its files written, the host files it bind-mounts opened, and
/// the spec of its first process built. `close()` releases the fds once the child has its copies.
struct LaunchPlan {
    var spec: ProcessSpec
    /// Detached bind mounts we made for the child to attach, cgroup directories it moves itself
    /// beneath and the network namespace it joins; it inherits them.
    var inheritedFds: [Int32]
    /// Where the container's cgroup goes (nil with --cgroups=disabled); made once the child exists.
    var cgroup: ContainerCgroup?
    /// The published host ports, held from before the container starts until it has exited.
    var reservations: [PortReservation]
    let explainer: Explainer

    /// Closes the inherited fds once the child has its copies.
    func close() {
        for fd in inheritedFds { Glibc.close(fd) }
    }

    /// Lets the published ports go: once the container has exited, or its monitor holds them.
    func releasePorts() {
        for reservation in reservations { reservation.release() }
    }

    /// What the child does once released, for --explain.
    func explainProcess() {
        if explainer.isEnabled { ProcessExplanation(spec: spec, explainer: explainer).print() }
    }
}

extension Engine {
    static let namespaceFlags = UInt64(CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC)

    /// Writes the container's generated files and builds the spec of its first process.
    func prepareLaunch(_ record: ContainerRecord, attached: Bool, networkNamespace: NetworkNamespaceMaker?) throws -> LaunchPlan {
        let config = record.config
        let directory = containers.directory(record.id)
        guard let lowerDirectories = try? images.lowerDirectories(of: config.imageID) else {
            throw RuntimeError(.notFound, "image \(config.image) (\(Identifiers.short(config.imageID))) of the container is gone")
        }
        let reservations: [PortReservation]
        do {
            reservations = try PortReservation.reserve(portsToPublish(config))
        } catch {
            throw RuntimeError.wrapping(error)
        }
        for link in config.links where !((try? containers.resolve(link.name)).map(isRunning) ?? false) {
            throw RuntimeError(.conflict, "Cannot link to a non running container: /\(link.name) AS /\(config.name)/\(link.alias)")
        }
        // `run` began making the network namespace already; otherwise it is made meanwhile from here.
        let namespaceMaker = config.network.hasOwnNamespace ? networkNamespace ?? NetworkNamespaceMaker() : nil
        var inherited = InheritedFds()
        do {
            let volatileLayer = config.autoRemove && KernelVersion.running >= KernelVersion(5, 10)
            // overlayfs refuses a work directory whose work/incompat a volatile mount left behind (a
            // minirun killed while the container ran): a --rm container's layer is thrown away anyway.
            if volatileLayer { try? FileSystem.removeTree(directory + "/work/work") }
            try FileSystem.makeDirectories(directory + "/upper", mode: 0o755)
            try FileSystem.makeDirectories(directory + "/work", mode: 0o700)
            try FileSystem.makeDirectories(root.rootfsMountPoint, mode: 0o755)
            explainer.phase(.filesystem)
            explainer.note("the container's writable layer, and the mount point every container's root filesystem shares")
            explainer.command("mkdir -p \(directory)/upper \(directory)/work \(root.rootfsMountPoint)")
            try writeEtcFiles(record)

            var mounts = MountPlan(
                lowerDirectories: lowerDirectories, layerRoot: root.images, containerDirectory: directory,
                mountPoint: root.rootfsMountPoint, etcFiles: [])
            for name in EtcFiles.fileNames {
                mounts.etcFiles.append((name, try inherited.openTree(directory + "/" + name, recursive: false)))
            }
            var volumeTmpfs: [TmpfsMount] = []
            for volume in config.volumes {
                let options = try localOptions(of: volume)
                if case .tmpfs(let tmpfsOptions)? = options {
                    volumeTmpfs.append(try TmpfsMount(target: volume.target, options: tmpfsOptions))
                    continue
                }
                let source = try volumeSource(volume, options: options, imageID: config.imageID, firstStart: record.state.neverStarted)
                mounts.volumes.append(MountPlan.Volume(
                    fd: try inherited.openTree(source, recursive: true), source: source, target: volume.target,
                    readOnly: volume.readOnly || options?.readOnly == true, isDirectory: FileSystem.isDirectory(source)))
            }
            if config.security.privileged {
                mounts.hostDevices = try inherited.openTree("/dev", recursive: true)
            }
            mounts.workingDirectory = config.workingDir.isEmpty ? nil : config.workingDir
            mounts.privileged = config.security.privileged
            mounts.tmpfs = config.tmpfs + volumeTmpfs
            mounts.readOnlyRoot = config.readOnlyRoot
            mounts.shmSize = config.shmSize ?? MountPlan.defaultShmSize
            mounts.sharedShm = try sharedShmSource(record).map { (try inherited.openTree($0, recursive: false), $0) }
            mounts.withoutShm = config.ipcMode.description == "none"
            mounts.volatileLayer = volatileLayer
            mounts.deviceNodes = try config.devices.map(DeviceNode.init(resolving:))
            mounts.sysctls = config.sysctls
            mounts.ownNetworkNamespace = config.network.hasOwnNamespace
            guard mounts.overlayOptions.utf8.count <= MountPlan.overlayOptionsLimit else {
                throw RuntimeError(.system, "the image has too many layers (\(lowerDirectories.count)) for overlay's options: "
                    + "\(mounts.overlayOptions.utf8.count) bytes, at most \(MountPlan.overlayOptionsLimit)")
            }
            var spec = try processSpec(record, mounts: mounts, attached: attached)
            let cgroup = config.cgroupsEnabled
                ? try ContainerCgroup.plan(
                    containerID: record.id, parent: config.cgroupParent, limits: config.resources,
                    devices: DeviceAllowlist.forContainer(
                        privileged: config.security.privileged, devices: mounts.deviceNodes, extraRules: config.deviceCgroupRules),
                    layout: try CgroupLayout.ofThisProcess())
                : nil
            spec.cgroupJoins = try (cgroup?.joinedByFirstProcess ?? []).map { directory in
                ProcessSpec.CgroupJoin(directoryFd: try inherited.openDirectory(directory.parent), file: directory.name + "/tasks")
            }
            if let fd = namespaceMaker?.finish() {
                spec.networkNamespaceFd = try inherited.adopt(fd, "create a network namespace")
                spec.cloneFlags &= ~UInt64(CLONE_NEWNET)
            }
            return LaunchPlan(spec: spec, inheritedFds: inherited.fds, cgroup: cgroup, reservations: reservations, explainer: explainer)
        } catch {
            inherited.close()
            throw error
        }
    }

    /// Where a volume's files are on the host: a bind's source (made, as a directory, when `-v` named
    /// one that is missing), or a volume's directory (made on first use, and filled from the image
    /// when the container first starts with it empty, as Docker fills it when it makes the container).
    /// `options` are the volume's local options (`localOptions(of:)`), read once by the caller.
    func volumeSource(_ volume: VolumeMount, options: LocalVolumeOptions?, imageID: String, firstStart: Bool) throws -> String {
        if volume.anonymous { return try anonymousVolumeDirectory(volume, imageID: imageID) }
        if case .bind(let device, _)? = options {
            // Docker's words when its local driver cannot mount the device on the volume.
            guard FileSystem.isDirectory(device) else {
                throw RuntimeError(.notFound, "error while mounting volume '\(volumeDirectory(named: volume.source))/_data': failed to mount local volume: mount \(device):\(volumeDirectory(named: volume.source))/_data, flags: 0x1000: no such file or directory")
            }
            return device
        }
        if volume.isNamedVolume {
            let path = try volumeDirectory(volume.source)
            if firstStart { try fillFromImage(volume, data: path, imageID: imageID) }
            return path
        }
        if volume.createsSource && !FileSystem.exists(volume.source) {
            try FileSystem.makeDirectories(volume.source, mode: 0o755)
            explainer.note("the bind mount's source \(volume.source) did not exist: made as a directory, as Docker's -v makes it")
            explainer.command("mkdir -p \(volume.source)")
        }
        return volume.source
    }

    /// A named volume's directory under the state root, made on first use.
    func volumeDirectory(_ name: String) throws -> String {
        let path = volumeDirectory(named: name) + "/_data"
        if !FileSystem.isDirectory(path) { try makeVolume(name, labels: [:]) }
        return path
    }

    /// An anonymous volume's directory, made on first use as Docker makes it: with the owner, mode
    /// and files of the image's directory at its path (so the image's USER can write where its
    /// VOLUME is, and what the image put there is there), taken from the top layer that shows it
    /// (see ImageDirectory.layer). Made aside and renamed into place, so a start killed midway
    /// leaves no half-filled volume for the next start to take.
    func anonymousVolumeDirectory(_ volume: VolumeMount, imageID: String) throws -> String {
        let path = volumeDirectory(named: volume.source) + "/_data"
        if FileSystem.isDirectory(path) { return path }
        try FileSystem.makeDirectories(volumeDirectory(named: volume.source), mode: 0o755)
        try writeVolumeLabels([VolumeRecord.anonymousLabel: ""], of: volume.source)
        let made = path + ".new"
        try? FileSystem.removeTree(made)  // what a killed start left
        try FileSystem.makeDirectories(made, mode: 0o755)
        let layer = ImageDirectory.layer(showing: volume.target, in: images.layerDirectories(of: imageID))
        let filled = try layer.map { try ImageDirectory.copy(rootfs: $0, path: volume.target, into: made) } ?? false
        if rename(made, path) != 0 { throw RuntimeError.system("rename \(made)") }
        explainer.note("the image's VOLUME \(volume.target): an anonymous volume" + (filled ? ", filled with what the image has there" : ""))
        explainer.command("mkdir -p \(path)" + (filled ? " && cp -a \(layer ?? "")\(volume.target)/. \(path)/" : ""))
        return path
    }

    /// Where volumes are kept: volumes/NAME, its data in NAME/_data, as in Docker.
    var volumesDirectory: String { root.data + "/volumes" }

    func volumeDirectory(named name: String) -> String {
        volumesDirectory + "/" + name
    }

    private func processSpec(_ record: ContainerRecord, mounts: MountPlan, attached: Bool) throws -> ProcessSpec {
        let config = record.config
        let directory = containers.directory(record.id)
        let user = try UserSpec.resolve(config.user, additionalGroups: config.groupAdd) { path in
            (try? FileSystem.readString(directory + "/upper" + path)) ?? images.readFile(path, of: config.imageID)
        }
        var spec = ProcessSpec()
        spec.cloneFlags = Self.namespaceFlags | (config.network.hasOwnNamespace ? UInt64(CLONE_NEWNET) : 0)
        spec.loopbackUp = config.network.hasOwnNamespace
        spec.parentDeathSignal = attached ? SIGKILL : 0
        spec.tty = config.tty
        spec.runsInit = config.initProcess
        spec.steps = mounts.steps()
        switch config.network {
        case .host:
            spec.hostname = nil
        case .container(let target):
            spec.joinNamespaces[Int(MR_NS_NET.rawValue)] = try networkNamespace(ofContainer: target)
            spec.hostname = (try? FileSystem.readString(directory + "/hostname"))?.split(separator: "\n").first.map(String.init)
        case .network, .none:
            spec.hostname = config.hostname
            spec.domainname = config.domainname
        }
        try applySharedNamespaces(config, to: &spec)
        spec.workingDirectory = config.workingDir.isEmpty ? "/" : config.workingDir
        spec.uid = user.uid
        spec.gid = user.gid
        spec.groups = user.groups
        spec.resourceLimits = config.ulimits.map(\.resourceLimit)
        try applySecurity(config.security, to: &spec)
        spec.arguments = config.command
        spec.environment = Environment.build(user: config.env, hostname: config.hostname, tty: config.tty, home: user.home)
        return spec
    }

    /// hostname, hosts and resolv.conf in the container's directory, rewritten in place (they are
    /// bind-mounted, so their inodes must stay).
    func writeEtcFiles(_ record: ContainerRecord) throws {
        let config = record.config
        let directory = containers.directory(record.id)
        var hostname = config.hostname
        let hosts: String
        let resolv: String
        // --add-host's entries with an address of their own: host-gateway names the gateway of a
        // network, which these modes have none of (on a network refreshHosts writes them all).
        let extraHosts = config.extraHosts.filter { $0.address != "host-gateway" }.map { (address: $0.address, names: [$0.name]) }
        switch config.network {
        case .host:
            hostname = Self.hostHostname()
            let hostFile = (try? FileSystem.readString("/etc/hosts")) ?? EtcFiles.hosts(entries: [])
            hosts = hostFile + (hostFile.hasSuffix("\n") || hostFile.isEmpty ? "" : "\n") + EtcFiles.hostsLines(extraHosts)
            resolv = resolvConf(for: config)
        case .none:
            hosts = EtcFiles.hosts(entries: extraHosts)
            resolv = resolvConf(for: config)
        case .network:
            // A bridged container's own address and its peers are added once it has them.
            hosts = EtcFiles.hosts(entries: [])
            resolv = resolvConf(for: config)
        case .container(let target):
            // Sharing a network namespace means sharing its names, as Docker does.
            let other = containers.directory(target)
            hostname = (try? FileSystem.readString(other + "/hostname"))?.split(separator: "\n").first.map(String.init) ?? hostname
            hosts = (try? FileSystem.readString(other + "/hosts")) ?? EtcFiles.hosts(entries: [])
            resolv = (try? FileSystem.readString(other + "/resolv.conf")) ?? resolvConf(for: config)
        }
        try FileSystem.write(directory + "/hostname", Array((hostname + "\n").utf8))
        try FileSystem.write(directory + "/hosts", Array(hosts.utf8))
        try FileSystem.write(directory + "/resolv.conf", Array(resolv.utf8))
    }

    /// /proc/PID/ns/net of a running container, for --net=container:NAME (named as the user knows it).
    func networkNamespace(ofContainer id: String) throws -> String {
        try namespacePath(ofContainer: id, "net", shown: "network")
    }

    static func hostHostname() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        gethostname(&buffer, buffer.count - 1)
        return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }
}
