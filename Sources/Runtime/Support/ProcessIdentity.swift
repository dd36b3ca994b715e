import CRuntimeShims
import Glibc

/// A process named by pid and start time, so that a pid the kernel reused is not mistaken for it.
public struct ProcessIdentity: Codable, Sendable, Equatable {
    public var pid: Int32
    /// Clock ticks after boot (field 22 of /proc/PID/stat).
    public var startTime: UInt64

    public init(pid: Int32, startTime: UInt64) {
        self.pid = pid
        self.startTime = startTime
    }

    /// The identity of a live process, nil when there is none with this pid.
    public init?(pid: Int32) {
        guard let start = Self.startTime(of: pid) else { return nil }
        self.init(pid: pid, startTime: start)
    }

    public var isAlive: Bool {
        Self.startTime(of: pid) == startTime
    }

    /// Waits until the process has exited (a zombie counts), at most `seconds`; true when it has.
    public func waitForExit(seconds: Double) -> Bool {
        guard isAlive else { return true }
        let rc = mr_wait_exit(pid, seconds.isFinite ? Int32(min(seconds * 1000, Double(Int32.max))) : -1)
        // A zombie's pidfd is readable already; a failed pidfd leaves the answer to /proc.
        return rc == 0 || !isAlive
    }

    /// Field 22 of /proc/PID/stat; the command name (field 2) may hold spaces and parentheses,
    /// so counting starts after its last ')'. A zombie counts as dead.
    static func startTime(of pid: Int32) -> UInt64? {
        guard pid > 0, let bytes = try? FileSystem.read("/proc/\(pid)/stat"),
              let close = bytes.lastIndex(of: UInt8(ascii: ")"))
        else { return nil }
        let fields = bytes[(close + 2)...].split(separator: UInt8(ascii: " "))
        guard fields.count > 19, fields[0].first != UInt8(ascii: "Z") else { return nil }
        return UInt64(String(decoding: fields[19], as: UTF8.self))
    }
}
