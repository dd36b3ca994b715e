/// Picks container addresses in a network: the lowest free host address after the gateway
/// (172.17.0.2 first, then .3, ...), never the network, gateway or broadcast address. With a range
/// (`--ip-range`), the lowest free address of the range, its first one included, as Docker's IPAM
/// hands out 10.1.5.0 first from 10.1.5.0/24 in 10.1.0.0/16.
public enum IPAllocator {
    public enum Failure: Error, CustomStringConvertible, Equatable {
        case exhausted(IPv4Network)
        case outside(IPv4Address, IPv4Network)
        case reserved(IPv4Address)
        case taken(IPv4Address)

        public var description: String {
            switch self {
            case .exhausted(let network): return "no available IPv4 addresses on network \(network)"
            case .outside(let address, let network): return "requested address \(address) is not in subnet \(network)"
            case .reserved(let address): return "requested address \(address) is reserved (network, gateway or broadcast)"
            case .taken(let address): return "Address already in use: \(address)"
            }
        }
    }

    public static func allocate(
        in network: IPv4Network, gateway: IPv4Address, used: Set<IPv4Address>, requested: IPv4Address? = nil,
        range: IPv4Network? = nil
    ) throws(Failure) -> IPv4Address {
        let reserved: Set<IPv4Address> = [network.networkAddress, network.broadcastAddress, gateway]
        if let requested {
            guard network.contains(requested) else { throw .outside(requested, network) }
            guard !reserved.contains(requested) else { throw .reserved(requested) }
            guard !used.contains(requested) else { throw .taken(requested) }
            return requested
        }
        let pool = range ?? network
        var candidate = range?.networkAddress ?? network.firstHost
        while pool.contains(candidate) {
            if !reserved.contains(candidate) && !used.contains(candidate) { return candidate }
            guard let next = candidate.adding(1) else { break }
            candidate = next
        }
        throw .exhausted(pool)
    }
}
