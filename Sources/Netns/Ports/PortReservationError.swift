/// Why a published host port could not be reserved.
public enum PortReservationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Another socket holds the port (EADDRINUSE).
    case inUse(PublishedPort)
    /// The host address is not one of this host's (EADDRNOTAVAIL).
    case addressNotAvailable(PublishedPort)
    /// Any other failure of socket, bind or listen.
    case system(PublishedPort, SystemCallError)

    public var description: String {
        switch self {
        case .inUse(let port):
            return "cannot publish \(Self.hostSide(port)): port \(port.hostPort) is already in use"
        case .addressNotAvailable(let port):
            return "cannot publish \(Self.hostSide(port)): \(port.hostIP ?? .any) is not an address of this host"
        case .system(let port, let error):
            return "cannot publish \(Self.hostSide(port)): \(error)"
        }
    }

    /// "0.0.0.0:18080/tcp", the part of the published port that is the host's.
    private static func hostSide(_ port: PublishedPort) -> String {
        "\(port.hostIP ?? .any):\(port.hostPort)/\(port.transport.rawValue)"
    }
}
