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

    /// Host or none: every running container of that mode is an endpoint without an address.
    public init(_ network: PredefinedNetwork, containers: [ContainerRecord]) {
        Name = network.name
        Id = network.id
        Created = Timestamp.zero.description
        Driver = network.driver
        IPAM = IPAMSettings(Config: [])
        var endpoints: [String: Endpoint] = [:]
        for container in containers where container.state.status == .running && PredefinedNetwork.of(container.config.network) == network {
            endpoints[container.id] = Endpoint(Name: container.name, EndpointID: "", MacAddress: "", IPv4Address: "")
        }
        Containers = endpoints
        Options = [:]
    }

    public init(_ network: NetworkRecord, containers: [ContainerRecord]) {
        Name = network.name
        Id = network.id
        Created = network.created.description
        Driver = network.driver
        Internal = network.isInternal
        Attachable = network.isAttachable
        Labels = network.labels
        IPAM = IPAMSettings(Options: network.ipamOptions, Config: [IPAMConfig(
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
        // The bridge driver's settings in effect, as Docker shows the default bridge's (it shows another
        // network's only as given): the bridge's name is always there to read. Options of other
        // drivers given with -o are shown as given.
        let options = network.options
        Options = options.given.merging([
            BridgeOptions.bridgeNameKey: network.bridge,
            BridgeOptions.interContainerKey: String(options.interContainerTraffic),
            BridgeOptions.masqueradeKey: String(options.masquerade),
            BridgeOptions.hostBindingKey: options.hostBindingAddress?.description ?? "0.0.0.0",
            BridgeOptions.mtuKey: String(options.mtu ?? 1500),
        ]) { _, effective in effective }
        if network.isDefault { Options["com.docker.network.bridge.default_bridge"] = "true" }
    }
}
