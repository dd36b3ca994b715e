import Netns

/// What `network create` (and a compose file's network) asks for beyond the name; each part is
/// checked by `Engine.createNetwork` before anything is made.
public struct NetworkRequest: Sendable {
    /// Nil: the next free subnet from 172.18.0.0/16.
    public var subnet: IPv4Network?
    /// Nil: the subnet's first host address.
    public var gateway: IPv4Address?
    /// `--ip-range`: where containers' addresses are chosen from (NetworkRecord.ipRange).
    public var ipRange: IPv4Network?
    /// `--aux-address NAME=IP`: addresses kept from containers.
    public var auxiliaryAddresses: [String: IPv4Address] = [:]
    /// `--internal` (NetworkRecord.isInternal).
    public var isInternal = false
    /// `--attachable`: a mark Docker shows for a network containers may join by hand, which every
    /// bridge network here allows.
    public var isAttachable = false
    public var labels: [String: String] = [:]
    /// `-o KEY=VALUE`: the bridge driver's options, as given (BridgeOptions reads them).
    public var options: [String: String] = [:]
    /// `--ipam-opt KEY=VALUE`: the default IPAM driver's options, which it keeps and inspect shows.
    public var ipamOptions: [String: String] = [:]

    public init(subnet: IPv4Network? = nil, gateway: IPv4Address? = nil) {
        self.subnet = subnet
        self.gateway = gateway
    }
}
