import Testing
import Netns

#if canImport(Glibc)
import Glibc
#endif

/// Binds a fresh socket the way an eager server would (SO_REUSEADDR set) and closes it again;
/// returns 0 or the errno bind failed with.
func bindErrno(_ address: IPv4Address, _ port: UInt16, _ transport: TransportProtocol) -> Int32 {
    let fd = socket(AF_INET, Int32(transport == .tcp ? SOCK_STREAM.rawValue : SOCK_DGRAM.rawValue), 0)
    guard fd >= 0 else { return errno }
    defer { close(fd) }
    var one: Int32 = 1
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
    var socketAddress = sockaddr_in()
    socketAddress.sin_family = sa_family_t(AF_INET)
    socketAddress.sin_port = port.bigEndian
    socketAddress.sin_addr.s_addr = address.value.bigEndian
    let result = withUnsafePointer(to: &socketAddress) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
    }
    return result == 0 ? 0 : errno
}

let loopback = IPv4Address(127, 0, 0, 1)

/// Reservations on loopback and on ports the kernel picks: no traffic, no root needed.
@Suite struct PortReservationTests {
    @Test func tcpReservationRefusesEveryLaterBindUntilReleased() throws {
        let reservation = try PortReservation(PublishedPort(hostIP: loopback, hostPort: 0, containerPort: 80))
        let port = reservation.port.hostPort
        #expect(port != 0)
        #expect(reservation.port == PublishedPort(hostIP: loopback, hostPort: port, containerPort: 80))
        // Even with SO_REUSEADDR, on the same address or on all of them.
        #expect(bindErrno(loopback, port, .tcp) == EADDRINUSE)
        #expect(bindErrno(.any, port, .tcp) == EADDRINUSE)
        // udp is a port space of its own.
        #expect(bindErrno(loopback, port, .udp) == 0)

        let again = PublishedPort(hostIP: loopback, hostPort: port, containerPort: 8080)
        #expect(throws: PortReservationError.inUse(again)) { try PortReservation(again) }
        #expect(PortReservationError.inUse(again).description
            == "cannot publish 127.0.0.1:\(port)/tcp: port \(port) is already in use")

        reservation.release()
        #expect(reservation.fileDescriptor == -1)
        reservation.release()
        #expect(bindErrno(loopback, port, .tcp) == 0)
    }

    @Test func udpReservationRefusesLaterBindsUntilReleased() throws {
        let reservation = try PortReservation(
            PublishedPort(hostIP: loopback, hostPort: 0, containerPort: 53, transport: .udp))
        let port = reservation.port.hostPort
        #expect(port != 0)
        #expect(reservation.port.transport == .udp)
        #expect(bindErrno(loopback, port, .udp) == EADDRINUSE)
        #expect(bindErrno(.any, port, .udp) == EADDRINUSE)
        reservation.release()
        #expect(bindErrno(loopback, port, .udp) == 0)
    }

    @Test func withoutHostAddressHoldsThePortOnEveryAddress() throws {
        let reservation = try PortReservation(PublishedPort(hostPort: 0, containerPort: 80))
        #expect(reservation.port.hostIP == nil)
        #expect(bindErrno(loopback, reservation.port.hostPort, .tcp) == EADDRINUSE)
    }

    @Test func socketsAreCloseOnExec() throws {
        let reservations = try PortReservation.reserve([
            PublishedPort(hostIP: loopback, hostPort: 0, containerPort: 80),
            PublishedPort(hostIP: loopback, hostPort: 0, containerPort: 53, transport: .udp),
        ])
        #expect(reservations.count == 2)
        for reservation in reservations {
            #expect(fcntl(reservation.fileDescriptor, F_GETFD) & FD_CLOEXEC != 0)
        }
    }

    @Test func reservesAllOrNothing() throws {
        // A port that was free a moment ago, and one that is held.
        let probe = try PortReservation(PublishedPort(hostIP: loopback, hostPort: 0, containerPort: 1))
        let free = probe.port.hostPort
        probe.release()
        let blocker = try PortReservation(PublishedPort(hostIP: loopback, hostPort: 0, containerPort: 1))
        let held = blocker.port.hostPort

        let taken = PublishedPort(hostIP: loopback, hostPort: held, containerPort: 443)
        #expect(throws: PortReservationError.inUse(taken)) {
            try PortReservation.reserve([PublishedPort(hostIP: loopback, hostPort: free, containerPort: 80), taken])
        }
        #expect(bindErrno(loopback, free, .tcp) == 0)
        #expect(bindErrno(loopback, held, .tcp) == EADDRINUSE)
    }

    @Test func anAddressOfAnotherHostIsRefusedClearly() {
        // 203.0.113.0/24 is TEST-NET-3, never configured here; bind fails before any packet is sent.
        let elsewhere = PublishedPort(hostIP: IPv4Address(203, 0, 113, 7), hostPort: 8080, containerPort: 80)
        #expect(throws: PortReservationError.addressNotAvailable(elsewhere)) { try PortReservation(elsewhere) }
        #expect(PortReservationError.addressNotAvailable(elsewhere).description
            == "cannot publish 203.0.113.7:8080/tcp: 203.0.113.7 is not an address of this host")
    }
}
