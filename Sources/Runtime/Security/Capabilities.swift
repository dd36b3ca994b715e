/// Capability names and numbers, and Docker's default set.
public enum Capabilities {
    /// Index = capability number (linux/capability.h).
    public static let names = [
        "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID", "SETPCAP",
        "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_ADMIN", "NET_RAW", "IPC_LOCK", "IPC_OWNER",
        "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT", "SYS_ADMIN", "SYS_BOOT", "SYS_NICE",
        "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD", "LEASE", "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP",
        "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG", "WAKE_ALARM", "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF",
        "CHECKPOINT_RESTORE",
    ]

    /// Docker's 14 default capabilities.
    public static let dockerDefault = [
        "CHOWN", "DAC_OVERRIDE", "FSETID", "FOWNER", "MKNOD", "NET_RAW", "SETGID", "SETUID", "SETFCAP",
        "SETPCAP", "NET_BIND_SERVICE", "SYS_CHROOT", "KILL", "AUDIT_WRITE",
    ]

    /// The number of a capability named with or without "CAP_", in any case.
    public static func number(_ name: String) -> Int? {
        var upper = name.uppercased()
        if upper.hasPrefix("CAP_") { upper.removeFirst(4) }
        return names.firstIndex(of: upper)
    }

    public static func mask(_ list: [String]) -> UInt64 {
        list.reduce(0) { $0 | (number($1).map { 1 << UInt64($0) } ?? 0) }
    }

    public static var defaultMask: UInt64 { mask(dockerDefault) }
}

extension Capabilities {
    /// The bounding set of this process (CapBnd in /proc/self/status): what a container can get at most.
    /// On this machine kind root lacks CAP_SYS_RESOURCE, so --privileged cannot give it.
    /// Searched as bytes: splitting the whole file into lines of Characters was 0.05 ms of every `run`.
    public static func callerBoundingSet() -> UInt64 {
        let key = Array("\nCapBnd:\t".utf8)
        guard let status = try? FileSystem.read("/proc/self/status"), status.count > key.count,
              let start = (0...(status.count - key.count)).first(where: { status[$0..<$0 + key.count].elementsEqual(key) })
        else { return Capabilities.defaultMask }
        let digits = status[(start + key.count)...].prefix { $0 != UInt8(ascii: "\n") }
        return UInt64(String(decoding: digits, as: UTF8.self), radix: 16) ?? Capabilities.defaultMask
    }

    /// Names of the capabilities in `mask`, "CAP_"-prefixed as the kernel's headers spell them.
    public static func names(in mask: UInt64) -> [String] {
        names.indices.filter { mask & (1 << UInt64($0)) != 0 }.map { "CAP_" + names[$0] }
    }
}

extension Capabilities {
    /// Every capability this list names.
    public static var fullMask: UInt64 { (1 << UInt64(names.count)) - 1 }
}
