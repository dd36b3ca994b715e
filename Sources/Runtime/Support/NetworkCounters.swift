/// Byte counters for `stats`: a container's interfaces from /proc/PID/net/dev (which shows the
/// process's own network namespace), and the host's memory for containers without a limit.
public enum NetworkCounters {
    /// Received and sent bytes over every interface but loopback.
    public static func read(pid: Int32) -> (received: UInt64, sent: UInt64) {
        guard pid > 0, let text = try? FileSystem.readString("/proc/\(pid)/net/dev") else { return (0, 0) }
        var received: UInt64 = 0, sent: UInt64 = 0
        for line in text.split(separator: "\n").dropFirst(2) {
            guard let colon = line.firstIndex(of: ":"), line[..<colon].split(separator: " ").first != "lo" else { continue }
            let fields = line[line.index(after: colon)...].split(separator: " ")
            guard fields.count > 8 else { continue }
            received += UInt64(fields[0]) ?? 0
            sent += UInt64(fields[8]) ?? 0
        }
        return (received, sent)
    }

    /// MemTotal of /proc/meminfo in bytes.
    public static func hostMemory() -> UInt64 {
        guard let text = try? FileSystem.readString("/proc/meminfo"),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("MemTotal:") }),
              let kib = line.split(separator: " ").dropFirst().first.flatMap({ UInt64($0) })
        else { return 0 }
        return kib * 1024
    }
}
