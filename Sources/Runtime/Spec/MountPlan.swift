import Glibc

/// The filesystem a container sees, as the ordered steps its child performs: the overlay over the
/// image, pivot_root into it, then (inside, so that no path of the image can point outside it)
/// /proc, /sys, /dev and the generated /etc files. Docker's defaults throughout.
public struct MountPlan: Sendable {
    public var imageRootfs: String
    public var containerDirectory: String
    /// Detached bind mounts (open_tree fds) of the container's hostname, hosts and resolv.conf, which
    /// the child attaches over /etc/NAME: it never resolves a host path inside the image.
    public var etcFiles: [(name: String, fd: Int32)]
    public var workingDirectory: String?
    /// --privileged: no masked or read-only kernel paths.
    public var privileged = false

    public init(imageRootfs: String, containerDirectory: String, etcFiles: [(name: String, fd: Int32)]) {
        self.imageRootfs = imageRootfs
        self.containerDirectory = containerDirectory
        self.etcFiles = etcFiles
    }

    public var rootfs: String { containerDirectory + "/rootfs" }

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

    public func steps() -> [FilesystemStep] {
        let nosuid = UInt(MS_NOSUID), nodev = UInt(MS_NODEV), noexec = UInt(MS_NOEXEC)
        let overlay = "lowerdir=\(imageRootfs),upperdir=\(containerDirectory)/upper,workdir=\(containerDirectory)/work"
        var steps: [FilesystemStep] = [
            .mount("overlay", "overlay", on: rootfs, data: overlay),
            FilesystemStep(.pivot, target: rootfs),
            .directory("/proc"),
            .mount("proc", "proc", on: "/proc", flags: nosuid | nodev | noexec),
            .directory("/sys"),
            .mount("sysfs", "sysfs", on: "/sys", flags: nosuid | nodev | noexec | UInt(MS_RDONLY)),
            .directory("/dev"),
            .mount("tmpfs", "tmpfs", on: "/dev", flags: nosuid | UInt(MS_STRICTATIME), data: "mode=755,size=65536k"),
        ]
        for (name, device) in Self.devices {
            steps.append(FilesystemStep(.makeNode, target: "/dev/" + name, mode: UInt32(S_IFCHR) | 0o666, device: device))
        }
        for (source, target) in Self.deviceLinks {
            steps.append(FilesystemStep(.symlink, source: source, target: target))
        }
        steps += [
            .directory("/dev/pts"),
            .mount("devpts", "devpts", on: "/dev/pts", flags: nosuid | noexec, data: "newinstance,ptmxmode=0666,mode=0620,gid=5"),
            .directory("/dev/shm", mode: 0o1777),
            .mount("tmpfs", "shm", on: "/dev/shm", flags: nosuid | nodev | noexec, data: "mode=1777,size=65536k"),
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
        if !privileged {
            steps += Self.maskedPaths.map { FilesystemStep(.mask, target: $0, optional: true) }
            steps += Self.readOnlyPaths.map { FilesystemStep(.readOnly, target: $0, optional: true) }
        }
        return steps
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
