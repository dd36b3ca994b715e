#if canImport(Glibc)
import Glibc
#endif

/// A failed system call and what it was for; reads like "open /proc/sys/net/ipv4/ip_forward: Permission denied".
public struct SystemCallError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The call and its object, e.g. "open /proc/sys/net/ipv4/ip_forward".
    public var operation: String
    /// The positive errno value.
    public var errno: Int32

    public init(operation: String, errno: Int32) {
        self.operation = operation
        self.errno = errno
    }

    public var description: String {
        "\(operation): \(String(cString: strerror(errno)))"
    }
}
