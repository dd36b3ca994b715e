import Glibc

/// The filesystem a container sees, as the ordered steps its child performs: the overlay over the
/// image, pivot_root into it, then (inside, so that no path of the image can point outside it)
/// /proc, /sys, /dev and the generated /etc files. Docker's defaults throughout.
public struct MountPlan: Sendable {
    /// The image's layer directories, top first, relative to `layerRoot` (short names, so that
    /// 128 layers fit in the one page overlay's options may take: see ImageStore+Layers).
    public var lowerDirectories: [String]
    /// Where the child changes directory before it mounts the overlay.
    public var layerRoot: String
    public var containerDirectory: String
    /// Where the overlay is mounted before the child pivots into it: one directory for every
    /// container, as each mounts it in its own mount namespace (see StateRoot.rootfsMountPoint).
    public var mountPoint: String
    /// Detached bind mounts (open_tree fds) of the container's hostname, hosts and resolv.conf, which
    /// the child attaches over /etc/NAME: it never resolves a host path inside the image.
    public var etcFiles: [(name: String, fd: Int32)]
    public var workingDirectory: String?
    /// --privileged: no masked or read-only kernel paths, a writable /sys.
    public var privileged = false
    /// --privileged: a detached recursive bind of the host's /dev (open_tree fd) instead of the
    /// usual minimal one, so the container sees the host's devices.
    public var hostDevices: Int32?
    /// -v: detached binds of the sources, attached at their targets.
    public var volumes: [Volume] = []
    public var tmpfs: [TmpfsMount] = []
    /// --device: host device nodes copied in, made once every mount is in place.
    public var deviceNodes: [DeviceNode] = []
    /// --sysctl: kernel parameters written in the container's /proc/sys before it is made read-only.
    public var sysctls: [String: String] = [:]
    /// The container made its network namespace: Docker's defaults for one are written too
    /// (Sysctls.ownNetworkDefaults), where this kernel has them.
    public var ownNetworkNamespace = false
    /// --read-only: the root filesystem is remounted read-only once everything is in place.
    public var readOnlyRoot = false
    /// The bytes of /dev/shm's tmpfs (--shm-size).
    public var shmSize: UInt64 = defaultShmSize
    /// --ipc=host, shareable or container:NAME: a detached bind (open_tree fd) of the host directory
    /// that is the container's /dev/shm (see Engine.sharedShmSource) instead of a tmpfs of its own.
    public var sharedShm: (fd: Int32, source: String)?
    /// --ipc=none: no /dev/shm.
    public var withoutShm = false
    /// Docker's default /dev/shm: 64 MiB.
    public static let defaultShmSize: UInt64 = 64 << 20
    /// --rm: the writable layer goes with the container, so overlayfs need not write it to disk when
    /// the container's mounts go (its `volatile` option, Linux 5.10): that sync cost about 0.8 ms.
    public var volatileLayer = false

    /// tmpfs's size= in KiB when it is whole KiB ("65536k", as Docker writes /dev/shm's), else bytes.
    static func tmpfsSize(_ bytes: UInt64) -> String {
        bytes % 1024 == 0 ? "\(bytes / 1024)k" : "\(bytes)"
    }

    public struct Volume: Sendable {
        public var fd: Int32
        public var source: String
        public var target: String
        public var readOnly: Bool
        /// A file is attached over a file, a directory over a directory.
        public var isDirectory: Bool

        public init(fd: Int32, source: String, target: String, readOnly: Bool, isDirectory: Bool) {
            self.fd = fd
            self.source = source
            self.target = target
            self.readOnly = readOnly
            self.isDirectory = isDirectory
        }
    }

    public init(
        lowerDirectories: [String], layerRoot: String, containerDirectory: String, mountPoint: String,
        etcFiles: [(name: String, fd: Int32)]
    ) {
        self.lowerDirectories = lowerDirectories
        self.layerRoot = layerRoot
        self.containerDirectory = containerDirectory
        self.mountPoint = mountPoint
        self.etcFiles = etcFiles
    }

    /// Docker's masked paths: hidden from the container.
    public static let maskedPaths = [
        "/proc/asound", "/proc/acpi", "/proc/interrupts", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
        "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware",
        "/sys/devices/virtual/powercap",
    ]

    /// Docker's read-only paths.
    public static let readOnlyPaths = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]

    static let devices: [(String, UInt64)] = [
        ("null", 0x103), ("zero", 0x105), ("full", 0x107), ("random", 0x108), ("urandom", 0x109), ("tty", 0x500),
    ]

    static let deviceLinks = [
        ("/proc/self/fd", "/dev/fd"), ("/proc/self/fd/0", "/dev/stdin"), ("/proc/self/fd/1", "/dev/stdout"),
        ("/proc/self/fd/2", "/dev/stderr"), ("pts/ptmx", "/dev/ptmx"), ("/proc/kcore", "/dev/core"),
    ]

    /// overlay's options: lowerdir relative to `layerRoot`, upperdir and workdir absolute.
    public var overlayOptions: String {
        "lowerdir=\(lowerDirectories.joined(separator: ":")),upperdir=\(containerDirectory)/upper,workdir=\(containerDirectory)/work"
            + (volatileLayer ? ",volatile" : "")
    }

    /// A read-only overlay of the same files, the upper directory as the top lower one (`export`):
    /// overlay takes a directory another overlay writes to as a lower one, where it would refuse it
    /// as an upper or work directory.
    public var readOnlyOverlayOptions: String {
        "lowerdir=\(([containerDirectory + "/upper"] + lowerDirectories).joined(separator: ":"))"
    }

    /// The kernel copies mount options into one page, terminating NUL included.
    public static let overlayOptionsLimit = Int(getpagesize()) - 1

    public func steps() -> [FilesystemStep] {
        let nosuid = UInt(MS_NOSUID), nodev = UInt(MS_NODEV), noexec = UInt(MS_NOEXEC)
        var steps: [FilesystemStep] = [
            FilesystemStep(.changeDirectory, target: layerRoot),
            .mount("overlay", "overlay", on: mountPoint, data: overlayOptions),
            FilesystemStep(.pivot, target: mountPoint),
            .directory("/proc"),
            .mount("proc", "proc", on: "/proc", flags: nosuid | nodev | noexec),
            .directory("/sys"),
            .mount("sysfs", "sysfs", on: "/sys", flags: nosuid | nodev | noexec | (privileged ? 0 : UInt(MS_RDONLY))),
            .directory("/dev"),
        ]
        if let hostDevices {
            steps.append(.attach(fd: hostDevices, from: "/dev", on: "/dev"))
        } else {
            steps.append(.mount("tmpfs", "tmpfs", on: "/dev", flags: nosuid | UInt(MS_STRICTATIME), data: "mode=755,size=65536k"))
            for (name, device) in Self.devices {
                steps.append(FilesystemStep(.makeNode, target: "/dev/" + name, mode: UInt32(S_IFCHR) | 0o666, device: device))
            }
            for (source, target) in Self.deviceLinks {
                steps.append(FilesystemStep(.symlink, source: source, target: target))
            }
        }
        steps += [
            .directory("/dev/pts"),
            .mount("devpts", "devpts", on: "/dev/pts", flags: nosuid | noexec, data: "newinstance,ptmxmode=0666,mode=0620,gid=5"),
        ]
        if let sharedShm {
            steps += [.directory("/dev/shm", mode: 0o1777), .attach(fd: sharedShm.fd, from: sharedShm.source, on: "/dev/shm")]
        } else if !withoutShm {
            steps += [
                .directory("/dev/shm", mode: 0o1777),
                .mount("tmpfs", "shm", on: "/dev/shm", flags: nosuid | nodev | noexec, data: "mode=1777,size=" + Self.tmpfsSize(shmSize)),
            ]
        }
        steps += [
            .directory("/dev/mqueue"),
            .mount("mqueue", "mqueue", on: "/dev/mqueue", flags: nosuid | nodev | noexec),
            .directory("/etc"),
        ]
        for (name, fd) in etcFiles {
            steps.append(FilesystemStep(.touch, target: "/etc/" + name))
            steps.append(.attach(fd: fd, from: containerDirectory + "/" + name, on: "/etc/" + name))
        }
        if let workingDirectory, workingDirectory != "/" {
            steps += Self.parents(of: workingDirectory).map { .directory($0) }
        }
        for volume in volumes {
            let parents = Self.parents(of: volume.target)
            steps += (volume.isDirectory ? parents : parents.dropLast()).map { .directory($0) }
            if !volume.isDirectory { steps.append(FilesystemStep(.touch, target: volume.target)) }
            steps.append(.attach(fd: volume.fd, from: volume.source, on: volume.target))
            if volume.readOnly {
                steps.append(FilesystemStep(.remount, target: volume.target, flags: UInt(MS_BIND | MS_RDONLY)))
            }
        }
        for mount in tmpfs {
            let (flags, data) = TmpfsOptions.flagsAndData(mount.options)
            steps += Self.parents(of: mount.target).map { .directory($0) }
            steps.append(.mount("tmpfs", "tmpfs", on: mount.target, flags: flags, data: data))
        }
        for node in deviceNodes {
            steps += Self.parents(of: node.pathInContainer).dropLast().map { .directory($0) }
            steps.append(FilesystemStep(.makeNode, target: node.pathInContainer, mode: node.fileMode, device: node.deviceNumber))
        }
        steps += sysctlSteps
        if !privileged {
            steps += Self.maskedPaths.map { FilesystemStep(.mask, target: $0, optional: true) }
            steps += Self.readOnlyPaths.map { FilesystemStep(.readOnly, target: $0, optional: true) }
        }
        if readOnlyRoot {
            steps.append(FilesystemStep(.remount, target: "/", flags: UInt(MS_BIND | MS_RDONLY)))
        }
        return steps
    }

    /// Docker's defaults for a network namespace of its own (skipped where the kernel lacks them), then
    /// --sysctl's, which go over a default of the same key.
    var sysctlSteps: [FilesystemStep] {
        let defaults = ownNetworkNamespace ? Sysctls.ownNetworkDefaults.filter { sysctls[$0.key] == nil } : []
        let given = sysctls.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) }
        return defaults.map { Self.write($0.value, to: $0.key, optional: true) } + given.map { Self.write($0.value, to: $0.key, optional: false) }
    }

    private static func write(_ value: String, to key: String, optional: Bool) -> FilesystemStep {
        FilesystemStep(.write, target: Sysctls.path(of: key), data: value, optional: optional)
    }

    /// "/a/b/c" -> ["/a", "/a/b", "/a/b/c"]
    static func parents(of path: String) -> [String] {
        var result: [String] = []
        var current = ""
        for part in path.split(separator: "/") {
            current += "/" + part
            result.append(current)
        }
        return result
    }
}
