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
    /// `network create --internal`: its containers reach each other and the host's address on the
    /// bridge, nothing beyond - no masquerade, no forwarding to or from other interfaces, no default
    /// route in the containers, no published port.
    public var isInternal: Bool
    /// `network create --label`: metadata for filters and templates, as Docker's network labels.
    public var labels: [String: String]
    /// `network create --ip-range`: the part of the subnet that containers' addresses are chosen
    /// from (an address asked for with --ip may lie anywhere in the subnet).
    public var ipRange: IPv4Network?
    /// `network create --aux-address NAME=IP`: addresses of the subnet kept from containers.
    public var auxiliaryAddresses: [String: IPv4Address]
    /// `network create --attachable`: shown by inspect, as Docker's (see NetworkRequest).
    public var isAttachable = false
    /// `network create -o`: the bridge driver's options (the bridge's name is `bridge`).
    public var options = BridgeOptions()
    /// `network create --ipam-opt`: shown by inspect as IPAM.Options.
    public var ipamOptions: [String: String] = [:]

    public init(name: String, id: String, subnet: IPv4Network, gateway: IPv4Address, bridge: String, created: Timestamp,
                isDefault: Bool, isInternal: Bool = false, labels: [String: String] = [:]) {
        self.name = name
        self.id = id
        self.subnet = subnet
        self.gateway = gateway
        self.bridge = bridge
        self.created = created
        self.isDefault = isDefault
        self.isInternal = isInternal
        self.labels = labels
        auxiliaryAddresses = [:]
    }

    enum CodingKeys: String, CodingKey {
        case name, id, subnet, gateway, bridge, created, isDefault, isInternal, labels, ipRange, auxiliaryAddresses, isAttachable, options, ipamOptions
    }

    /// Records written before internal networks (or labels, ranges, auxiliary addresses, options) existed
    /// have no isInternal (labels, ...): they are not (have none).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        id = try container.decode(String.self, forKey: .id)
        subnet = try container.decode(IPv4Network.self, forKey: .subnet)
        gateway = try container.decode(IPv4Address.self, forKey: .gateway)
        bridge = try container.decode(String.self, forKey: .bridge)
        created = try container.decode(Timestamp.self, forKey: .created)
        isDefault = try container.decode(Bool.self, forKey: .isDefault)
        isInternal = try container.decodeIfPresent(Bool.self, forKey: .isInternal) ?? false
        labels = try container.decodeIfPresent([String: String].self, forKey: .labels) ?? [:]
        ipRange = try container.decodeIfPresent(IPv4Network.self, forKey: .ipRange)
        auxiliaryAddresses = try container.decodeIfPresent([String: IPv4Address].self, forKey: .auxiliaryAddresses) ?? [:]
        isAttachable = try container.decodeIfPresent(Bool.self, forKey: .isAttachable) ?? false
        options = try container.decodeIfPresent(BridgeOptions.self, forKey: .options) ?? BridgeOptions()
        ipamOptions = try container.decodeIfPresent([String: String].self, forKey: .ipamOptions) ?? [:]
    }

    public var driver: String { "bridge" }
}
