/// `network inspect` output, with Docker's field names and order.
public struct NetworkInspection: Encodable, Sendable {
    public struct IPAMConfig: Encodable, Sendable {
        public var Subnet: String
        public var IPRange: String?
        public var Gateway: String
        public var AuxiliaryAddresses: [String: String]?
    }

    public struct IPAMSettings: Encodable, Sendable {
        public var Driver = "default"
        public var Options: [String: String] = [:]
        public var Config: [IPAMConfig]
    }

    public struct Endpoint: Encodable, Sendable {
        public var Name: String
        public var EndpointID: String
        public var MacAddress: String
        public var IPv4Address: String
        public var IPv6Address = ""
    }

    public var Name: String
    public var Id: String
    public var Created: String
    public var Scope = "local"
    public var Driver: String
    public var EnableIPv6 = false
    public var IPAM: IPAMSettings
    public var Internal = false
    public var Attachable = false
    public var Ingress = false
    public var Containers: [String: Endpoint]
    public var Options: [String: String]
    public var Labels: [String: String] = [:]

    public init(_ network: NetworkRecord, containers: [ContainerRecord]) {
        Name = network.name
        Id = network.id
        Created = network.created.description
        Driver = network.driver
        Internal = network.isInternal
        Attachable = network.isAttachable
        Labels = network.labels
        IPAM = IPAMSettings(Config: [IPAMConfig(
            Subnet: network.subnet.description, IPRange: network.ipRange?.description, Gateway: network.gateway.description,
            AuxiliaryAddresses: network.auxiliaryAddresses.isEmpty ? nil : network.auxiliaryAddresses.mapValues(\.description))])
        var endpoints: [String: Endpoint] = [:]
        for container in containers where container.state.status == .running {
            guard let interface = container.state.interfaces[network.name] else { continue }
            endpoints[container.id] = Endpoint(
                Name: container.name, EndpointID: interface.hostVeth, MacAddress: interface.macAddress.description,
                IPv4Address: "\(interface.address)/\(interface.subnet.prefixLength)")
        }
        Containers = endpoints
        Options = [
            "com.docker.network.bridge.name": network.bridge,
            "com.docker.network.bridge.enable_icc": "true",
            "com.docker.network.bridge.enable_ip_masquerade": "true",
            "com.docker.network.bridge.host_binding_ipv4": "0.0.0.0",
            "com.docker.network.driver.mtu": "1500",
        ]
        if network.isDefault { Options["com.docker.network.bridge.default_bridge"] = "true" }
    }
}
