import CRuntimeShims

#if canImport(Glibc)
import Glibc
#endif

/// An AF_NETLINK/NETLINK_ROUTE socket in this network namespace or in another one. A socket opened in
/// another namespace stays there for its whole life, so a container's links, addresses and routes can be
/// configured from here with no thread ever left inside the container's namespace. Closed on deinit.
public final class RouteNetlinkSocket: NetlinkSocket, Sendable {
    /// The socket's file descriptor (close-on-exec).
    public let fileDescriptor: Int32

    /// Opens a socket in the calling thread's network namespace.
    public init() throws {
        fileDescriptor = try Self.check(mr_netlink_open(), operation: "socket(AF_NETLINK)")
    }

    /// Opens a socket inside the network namespace at `namespacePath` (/proc/PID/ns/net, /run/netns/NAME).
    public init(namespacePath: String) throws {
        fileDescriptor = try Self.check(
            mr_netlink_open_in_netns(namespacePath), operation: "socket(AF_NETLINK) in \(namespacePath)")
    }

    /// Opens a socket inside the network namespace an open file descriptor refers to; the fd stays the caller's.
    public init(namespaceFD: Int32) throws {
        fileDescriptor = try Self.check(
            mr_netlink_open_in_netns_fd(namespaceFD), operation: "socket(AF_NETLINK) in namespace fd \(namespaceFD)")
    }

    deinit {
        _ = close(fileDescriptor)
    }

    public func send(_ bytes: [UInt8]) throws {
        let result = bytes.withUnsafeBytes { mr_netlink_send(fileDescriptor, $0.baseAddress, $0.count) }
        _ = try Self.check(result, operation: "sendto(netlink)")
    }

    public func receive() throws -> [UInt8] {
        let size = try Self.check(Int(mr_netlink_next_size(fileDescriptor)), operation: "recv(netlink)")
        let capacity = max(size, 1)
        var received = 0
        let datagram = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            received = mr_netlink_recv(fileDescriptor, buffer.baseAddress, capacity)
            count = received < 0 ? 0 : min(received, capacity)
        }
        _ = try Self.check(received, operation: "recv(netlink)")
        guard received <= capacity else { throw NetlinkMessageError.truncated("datagram of \(received) bytes") }
        return datagram
    }

    private static func check<T: SignedInteger>(_ result: T, operation: String) throws -> T {
        guard result < 0 else { return result }
        throw NetlinkError(operation: operation, errno: Int32(truncatingIfNeeded: 0 - result))
    }
}
