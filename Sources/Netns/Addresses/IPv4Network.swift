/// An IPv4 network in CIDR form such as 172.17.0.0/16. The stored address never has host bits set.
public struct IPv4Network: Hashable, Sendable {
    /// The first address of the network (host bits zero), e.g. 172.17.0.0.
    public let networkAddress: IPv4Address
    /// Number of leading bits that name the network, 0...32.
    public let prefixLength: Int

    /// The network `address` lies in; host bits are cleared (172.17.0.5 and 16 give 172.17.0.0/16).
    /// Use it for an address read from an interface. Returns nil when prefixLength is not in 0...32.
    public init?(containing address: IPv4Address, prefixLength: Int) {
        guard (0...32).contains(prefixLength) else { return nil }
        self.prefixLength = prefixLength
        networkAddress = IPv4Address(address.value & Self.mask(prefixLength))
    }

    /// Parses "172.17.0.0/16". Like Docker, refuses host bits ("172.18.0.1/16: it should be 172.18.0.0/16"),
    /// a missing or out-of-range prefix, and a bare address.
    public init(parsing text: String) throws(AddressParseError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw .invalidCIDR(text) }
        guard let address = IPv4Address.parse(parts[0]) else { throw .invalidIPv4Address(String(parts[0])) }
        let prefixText = parts[1]
        guard (1...2).contains(prefixText.utf8.count),
              prefixText.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              let prefix = Int(prefixText), prefix <= 32
        else { throw .invalidPrefixLength(text) }
        let network = IPv4Network(containing: IPv4Address(address), prefixLength: prefix)!
        guard network.networkAddress.value == address else { throw .hostBitsSet(text, expected: network) }
        self = network
    }

    /// The netmask, e.g. 255.255.0.0 for /16.
    public var netmask: IPv4Address { IPv4Address(Self.mask(prefixLength)) }

    /// The last address of the network, e.g. 172.17.255.255 for 172.17.0.0/16.
    public var broadcastAddress: IPv4Address { IPv4Address(networkAddress.value | ~Self.mask(prefixLength)) }

    /// How many addresses the network spans, network and broadcast included (2^(32-prefix)).
    public var addressCount: UInt64 { UInt64(1) << UInt64(32 - prefixLength) }

    /// The first address a host may use: network + 1, or the network address itself for /31 and /32 (RFC 3021).
    public var firstHost: IPv4Address {
        prefixLength >= 31 ? networkAddress : IPv4Address(networkAddress.value + 1)
    }

    /// The last address a host may use: broadcast - 1, or the broadcast address itself for /31 and /32.
    public var lastHost: IPv4Address {
        prefixLength >= 31 ? broadcastAddress : IPv4Address(broadcastAddress.value - 1)
    }

    /// The address `offset` places after the network address (172.17.0.0/16 at 2 is 172.17.0.2); nil outside.
    public func address(at offset: UInt64) -> IPv4Address? {
        guard offset < addressCount else { return nil }
        return IPv4Address(networkAddress.value + UInt32(offset))
    }

    /// Whether `address` lies in the network.
    public func contains(_ address: IPv4Address) -> Bool {
        address.value & Self.mask(prefixLength) == networkAddress.value
    }

    /// Whether every address of `other` lies in this network.
    public func contains(_ other: IPv4Network) -> Bool {
        other.prefixLength >= prefixLength && contains(other.networkAddress)
    }

    /// Whether the two networks share at least one address (one contains the other).
    public func overlaps(_ other: IPv4Network) -> Bool {
        contains(other.networkAddress) || other.contains(networkAddress)
    }

    /// The network of the same size right after this one (172.17.0.0/16 gives 172.18.0.0/16); nil past the end.
    public var next: IPv4Network? {
        guard broadcastAddress.value < UInt32.max else { return nil }
        return IPv4Network(containing: IPv4Address(broadcastAddress.value + 1), prefixLength: prefixLength)
    }

    /// 0.0.0.0/0, the destination of a default route.
    public static let all = IPv4Network(containing: .any, prefixLength: 0)!

    static func mask(_ prefixLength: Int) -> UInt32 {
        prefixLength == 0 ? 0 : UInt32.max << UInt32(32 - prefixLength)
    }
}

extension IPv4Network: CustomStringConvertible, LosslessStringConvertible {
    /// CIDR form, e.g. "172.17.0.0/16".
    public var description: String { "\(networkAddress)/\(prefixLength)" }

    /// Parses CIDR form; nil when invalid (use `init(parsing:)` for the reason).
    public init?(_ description: String) {
        guard let network = try? IPv4Network(parsing: description) else { return nil }
        self = network
    }
}

extension IPv4Network: TextCodable {
    var codingText: String { description }
}
