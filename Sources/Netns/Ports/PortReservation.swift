#if canImport(Glibc)
import Glibc
#endif

/// A published host port held open the way docker-proxy holds it, so that no other program can take the
/// port while the container runs (and `ss -ltnup` shows it taken).
///
/// For tcp it is a socket bound to hostIP:hostPort (0.0.0.0 when no host address is given) and listening;
/// for udp a bound socket. The socket never accepts or reads anything: the firewall DNATs every
/// connection and datagram for the port in prerouting or output, before the routing decision that
/// would deliver it to a local socket, so traffic goes to the container and never reaches this one.
///
/// Why listen, then: the tcp socket sets SO_REUSEADDR, like every server, so that connections of an
/// earlier user of the port still in TIME_WAIT do not stop the container from starting. Two sockets
/// with SO_REUSEADDR may be bound to the same port as long as neither listens; only a listening
/// socket makes the kernel refuse every later bind to the port, SO_REUSEADDR or not. A udp socket
/// has no TIME_WAIT and sets no option, and a bound one already refuses every later bind.
///
/// The runtime hands `fileDescriptor` to the container's monitor process, which keeps it open for the
/// container's life; the fd is close-on-exec so no other program inherits it by accident.
public final class PortReservation {
    /// The published port, its host port filled in with the kernel's choice when it was 0.
    public let port: PublishedPort
    /// The socket holding the port; -1 once released.
    public private(set) var fileDescriptor: Int32

    /// Reserves every port or none: when one fails, those already taken are released and the error
    /// says which port failed and why ("cannot publish 0.0.0.0:18080/tcp: port 18080 is already in use").
    public static func reserve(_ ports: [PublishedPort]) throws(PortReservationError) -> [PortReservation] {
        var reserved: [PortReservation] = []
        for port in ports {
            do {
                reserved.append(try PortReservation(port))
            } catch {
                reserved.forEach { $0.release() }
                throw error
            }
        }
        return reserved
    }

    /// Reserves one port; hostPort 0 asks the kernel for a free one.
    public init(_ requested: PublishedPort) throws(PortReservationError) {
        let isTCP = requested.transport == .tcp
        let type = Int32(isTCP ? SOCK_STREAM.rawValue : SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let fd = socket(AF_INET, type, 0)
        guard fd >= 0 else { throw .system(requested, SystemCallError(operation: "socket", errno: errno)) }

        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = requested.hostPort.bigEndian
        address.sin_addr.s_addr = (requested.hostIP ?? .any).value.bigEndian

        /// Closes the socket and names the failure; EADDRINUSE and EADDRNOTAVAIL get their own wording.
        func failure(_ operation: String) -> PortReservationError {
            let code = errno
            close(fd)
            switch code {
            case EADDRINUSE: return .inUse(requested)
            case EADDRNOTAVAIL: return .addressNotAvailable(requested)
            default: return .system(requested, SystemCallError(operation: operation, errno: code))
            }
        }
        var one: Int32 = 1
        if isTCP, setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size)) != 0 {
            throw failure("setsockopt SO_REUSEADDR")
        }
        guard Self.withSocketAddress(&address, { bind(fd, $0, $1) }) == 0 else { throw failure("bind") }
        if isTCP, listen(fd, 0) != 0 { throw failure("listen") }
        let named = Self.withSocketAddress(&address) { pointer, size in
            var length = size
            return getsockname(fd, pointer, &length)
        }
        guard named == 0 else { throw failure("getsockname") }
        var chosen = requested
        chosen.hostPort = UInt16(bigEndian: address.sin_port)
        port = chosen
        fileDescriptor = fd
    }

    /// Closes the socket, freeing the port; safe to call again. The monitor's copy, if any, still holds it.
    public func release() {
        guard fileDescriptor >= 0 else { return }
        close(fileDescriptor)
        fileDescriptor = -1
    }

    deinit {
        release()
    }

    private static func withSocketAddress(
        _ address: inout sockaddr_in, _ body: (UnsafeMutablePointer<sockaddr>, socklen_t) -> Int32
    ) -> Int32 {
        withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
    }
}
