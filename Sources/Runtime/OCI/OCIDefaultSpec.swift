/// What `minirun-oci spec` writes: runc's default config.json (a `sh` with a terminal, Docker's
/// default capabilities, the usual /proc, /dev, /sys mounts, masked and read-only paths).
extension OCISpec {
    public static let defaultCapabilities = [
        "CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE",
    ]

    public static var runcDefault: OCISpec {
        let caps = OCICapabilities(
            bounding: defaultCapabilities, effective: defaultCapabilities, inheritable: nil,
            permitted: defaultCapabilities, ambient: defaultCapabilities)
        let process = OCIProcess(
            terminal: true, user: OCIUser(uid: 0, gid: 0, umask: nil, additionalGids: nil), args: ["sh"],
            env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"], cwd: "/",
            capabilities: caps, rlimits: [OCIRlimit(type: "RLIMIT_NOFILE", hard: 1024, soft: 1024)],
            noNewPrivileges: true, oomScoreAdj: nil, apparmorProfile: nil, selinuxLabel: nil)
        let mounts = [
            OCIMount(destination: "/proc", type: "proc", source: "proc", options: nil),
            OCIMount(destination: "/dev", type: "tmpfs", source: "tmpfs", options: ["nosuid", "strictatime", "mode=755", "size=65536k"]),
            OCIMount(destination: "/dev/pts", type: "devpts", source: "devpts",
                     options: ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"]),
            OCIMount(destination: "/dev/shm", type: "tmpfs", source: "shm", options: ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"]),
            OCIMount(destination: "/dev/mqueue", type: "mqueue", source: "mqueue", options: ["nosuid", "noexec", "nodev"]),
            OCIMount(destination: "/sys", type: "sysfs", source: "sysfs", options: ["nosuid", "noexec", "nodev", "ro"]),
            OCIMount(destination: "/sys/fs/cgroup", type: "cgroup", source: "cgroup", options: ["nosuid", "noexec", "nodev", "relatime", "ro"]),
        ]
        let linux = OCILinux(
            namespaces: ["pid", "network", "ipc", "uts", "mount"].map { OCINamespace(type: $0, path: nil) },
            uidMappings: nil, gidMappings: nil, devices: nil, cgroupsPath: nil,
            resources: OCIResources(devices: [OCIDeviceRule(allow: false, type: nil, major: nil, minor: nil, access: "rwm")]),
            rootfsPropagation: nil, seccomp: nil, sysctl: nil,
            maskedPaths: [
                "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
                "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi",
            ],
            readonlyPaths: ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"],
            mountLabel: nil)
        return OCISpec(
            ociVersion: OCIVersion.spec, process: process, root: OCIRoot(path: "rootfs", readonly: true),
            hostname: "runc", mounts: mounts, hooks: nil, annotations: nil, linux: linux)
    }
}

public enum OCIVersion {
    /// The runtime-spec version minirun-oci implements, reported in state and features.
    public static let spec = "1.0.2"

    /// Whether a config.json's ociVersion is one this runtime reads: SemVer 2.0 (a pre-release or build
    /// suffix allowed, as in runc's "1.0.2-dev") of major version 1. Anything else is refused, as the
    /// spec asks of invalid values, rather than read by guesswork.
    static func isSupported(_ version: String) -> Bool {
        let core = version.split(separator: "+", maxSplits: 1, omittingEmptySubsequences: false)[0]
            .split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)[0]
        let numbers = core.split(separator: ".", omittingEmptySubsequences: false)
        guard numbers.count == 3, numbers.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && UInt($0) != nil }) else { return false }
        return numbers[0] == "1"
    }
}
