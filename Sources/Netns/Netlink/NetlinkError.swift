#if canImport(Glibc)
import Glibc
#endif

/// A failed netlink operation: the kernel's error for a request, or a failed socket call.
/// Its description reads like "RTM_NEWLINK minirun0: File exists".
public struct NetlinkError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What failed: the request type and its object ("RTM_NEWLINK minirun0"), or a call ("socket").
    public var operation: String
    /// The positive errno value, e.g. EEXIST.
    public var errno: Int32
    /// The kernel's own explanation (extended ack), when it gave one.
    public var message: String?

    public init(operation: String, errno: Int32, message: String? = nil) {
        self.operation = operation
        self.errno = errno
        self.message = message
    }

    public var description: String {
        let reason = String(cString: strerror(errno))
        guard let message, !message.isEmpty else { return "\(operation): \(reason)" }
        return "\(operation): \(reason) (\(message))"
    }
}
