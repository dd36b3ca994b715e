/// RFC 2863 operational state of a link (IFLA_OPERSTATE), as `ip link` shows after "state".
public enum LinkOperationalState: UInt8, Sendable {
    case unknown = 0
    case notPresent = 1
    case down = 2
    case lowerLayerDown = 3
    case testing = 4
    case dormant = 5
    case up = 6
}
