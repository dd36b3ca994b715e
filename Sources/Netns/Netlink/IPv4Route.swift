/// An IPv4 route (what `ip route show` prints).
public struct IPv4Route: Equatable, Sendable {
    /// Where the route leads; 0.0.0.0/0 for the default route.
    public var destination: IPv4Network
    /// The next hop ("via"), nil for a route to a directly attached network.
    public var gateway: IPv4Address?
    /// The output link ("dev") index.
    public var outputLinkIndex: Int32?
    /// The source address preferred for traffic on this route ("src").
    public var preferredSource: IPv4Address?
    /// The route's metric ("metric"), when set.
    public var metric: UInt32?
    /// The routing table, 254 for main.
    public var table: UInt32
    /// Who installed it: 2 kernel, 3 boot (iproute2's default), 4 static, ...
    public var routeProtocol: UInt8
    /// 0 universe (global), 253 link, 254 host.
    public var scope: UInt8
    /// 1 unicast, 2 local, 3 broadcast, 6 blackhole, 7 unreachable, ...
    public var type: UInt8

    public init(destination: IPv4Network, gateway: IPv4Address? = nil, outputLinkIndex: Int32? = nil,
                preferredSource: IPv4Address? = nil, metric: UInt32? = nil, table: UInt32 = 254,
                routeProtocol: UInt8 = 3, scope: UInt8 = 0, type: UInt8 = 1) {
        self.destination = destination
        self.gateway = gateway
        self.outputLinkIndex = outputLinkIndex
        self.preferredSource = preferredSource
        self.metric = metric
        self.table = table
        self.routeProtocol = routeProtocol
        self.scope = scope
        self.type = type
    }

    /// Whether this is a default route (destination 0.0.0.0/0).
    public var isDefault: Bool { destination.prefixLength == 0 }

    /// Decodes an RTM_NEWROUTE message of family AF_INET.
    init(decoding message: NetlinkMessage) throws(NetlinkMessageError) {
        let header = try RouteMessage(decoding: message.payload)
        let attributes = try message.attributes(after: RouteMessage.size)
        let destinationAddress = attributes.first(RTNL.RTA_DST)?.ipv4Value ?? .any
        guard let destination = IPv4Network(containing: destinationAddress, prefixLength: Int(header.destinationLength))
        else { throw .truncated("RTM_NEWROUTE with a prefix length of \(header.destinationLength)") }
        self.init(
            destination: destination,
            gateway: attributes.first(RTNL.RTA_GATEWAY)?.ipv4Value,
            outputLinkIndex: attributes.first(RTNL.RTA_OIF)?.uint32Value.map { Int32(bitPattern: $0) },
            preferredSource: attributes.first(RTNL.RTA_PREFSRC)?.ipv4Value,
            metric: attributes.first(RTNL.RTA_PRIORITY)?.uint32Value,
            // RTA_TABLE holds tables above 255, which the 8-bit rtm_table cannot.
            table: attributes.first(RTNL.RTA_TABLE)?.uint32Value ?? UInt32(header.table),
            routeProtocol: header.routeProtocol,
            scope: header.scope,
            type: header.type)
    }
}
