import Netns

/// The bridge driver's options - `network create -o KEY=VALUE`, a compose network's driver_opts -
/// under Docker's names. Options outside com.docker.network.* are kept and shown, as Docker keeps
/// options its driver does not read; one of Docker's that minirun does not implement is refused.
public struct BridgeOptions: Codable, Sendable, Equatable {
    public static let bridgeNameKey = "com.docker.network.bridge.name"
    public static let mtuKey = "com.docker.network.driver.mtu"
    public static let interContainerKey = "com.docker.network.bridge.enable_icc"
    public static let masqueradeKey = "com.docker.network.bridge.enable_ip_masquerade"
    public static let hostBindingKey = "com.docker.network.bridge.host_binding_ipv4"

    /// The options as given, which inspect shows as the network's Options.
    public var given: [String: String] = [:]
    /// The Linux bridge's name instead of br-<12 hex of the ID>.
    public var bridgeName: String?
    /// The MTU of the bridge and of its containers' interfaces (nil: the kernel's 1500).
    public var mtu: UInt32?
    /// enable_icc=false: the containers' bridge ports are isolated from each other (the kernel's
    /// bridge port flag `isolated`), so they reach the gateway and beyond but not one another.
    public var interContainerTraffic = true
    /// enable_ip_masquerade=false: the subnet leaves the host with its own addresses, not the host's.
    public var masquerade = true
    /// host_binding_ipv4: the host address a `-p` without one publishes on (nil: every address).
    public var hostBindingAddress: IPv4Address?

    public init() {}

    /// Reads each option, refusing bad values with Go's and Docker's wording where it has one.
    public init(parsing options: [String: String]) throws {
        given = options
        for (key, value) in options.sorted(by: { $0.key < $1.key }) {
            switch key {
            case Self.bridgeNameKey:
                guard InterfaceName.isSafe(value) else {
                    throw RuntimeError(.invalidArgument, "invalid bridge name \(Identifiers.printable(value)): at most 15 of a-z, A-Z, 0-9, '_', '.' and '-'")
                }
                bridgeName = value
            case Self.mtuKey:
                // 68: the least an IPv4 link may carry (RFC 791); 65535: the most a veth takes.
                guard let mtu = UInt32(value), (68...65535).contains(mtu) else {
                    throw RuntimeError(.invalidArgument, "invalid MTU number: \(Identifiers.printable(value)) (68 to 65535)")
                }
                self.mtu = mtu
            case Self.interContainerKey:
                interContainerTraffic = try Self.bool(value, key: key)
            case Self.masqueradeKey:
                masquerade = try Self.bool(value, key: key)
            case Self.hostBindingKey:
                do { hostBindingAddress = try IPv4Address(parsing: value) } catch {
                    throw RuntimeError(.invalidArgument, "invalid \(key) \(Identifiers.printable(value)): an IPv4 address")
                }
            case _ where key.hasPrefix("com.docker.network."):
                throw RuntimeError(.invalidArgument, "unsupported network option \(Identifiers.printable(key)): minirun's bridge driver takes "
                    + [Self.bridgeNameKey, Self.mtuKey, Self.interContainerKey, Self.masqueradeKey, Self.hostBindingKey].joined(separator: ", "))
            default:
                break
            }
        }
    }

    /// The option's value as Docker's bridge driver reads it (strconv.ParseBool).
    private static func bool(_ text: String, key: String) throws -> Bool {
        guard let value = GoBool.parse(text) else {
            throw RuntimeError(.invalidArgument, "invalid \(key) \(Identifiers.printable(text)): strconv.ParseBool: parsing \"\(Identifiers.printable(text))\": invalid syntax")
        }
        return value
    }
}
