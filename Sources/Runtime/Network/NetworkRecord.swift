import Netns

/// A bridge network: the built-in "bridge" (minirun's docker0) or one made with `network create`.
public struct NetworkRecord: Codable, Sendable, Equatable {
    public var name: String
    /// 64 hex characters, as Docker's network IDs.
    public var id: String
    public var subnet: IPv4Network
    public var gateway: IPv4Address
    /// The Linux bridge: minirun0 for the default network, br-<12 hex of the ID> for the others.
    public var bridge: String
    public var created: Timestamp
    /// The built-in network: like Docker's default bridge it has no name resolution between containers.
    public var isDefault: Bool

    public init(name: String, id: String, subnet: IPv4Network, gateway: IPv4Address, bridge: String, created: Timestamp, isDefault: Bool) {
        self.name = name
        self.id = id
        self.subnet = subnet
        self.gateway = gateway
        self.bridge = bridge
        self.created = created
        self.isDefault = isDefault
    }

    public var driver: String { "bridge" }
}
