/// IPv4 routes of the main table.
extension NetlinkSession {
    /// Adds a default route, like `ip route add default via GATEWAY [dev NAME]`. EEXIST if there is one.
    public func addDefaultRoute(via gateway: IPv4Address, link name: String? = nil) throws {
        var attributes: [NetlinkAttribute] = [.ipv4(RTNL.RTA_GATEWAY, gateway)]
        if let name { attributes.append(.uint32(RTNL.RTA_OIF, UInt32(bitPattern: try requireIndex(of: name)))) }
        try acknowledge(Self.newRoute(RouteMessage(), attributes),
                        operation: "RTM_NEWROUTE default via \(gateway)" + (name.map { " dev \($0)" } ?? ""))
    }

    /// Adds a route to `destination` out of a link, like `ip route add NETWORK [via GATEWAY] dev NAME
    /// [src SOURCE]`. Without a gateway the network is directly attached (scope link).
    public func addRoute(to destination: IPv4Network, link name: String, gateway: IPv4Address? = nil,
                         source: IPv4Address? = nil) throws {
        let index = try requireIndex(of: name)
        var header = RouteMessage()
        header.destinationLength = UInt8(destination.prefixLength)
        header.scope = gateway == nil ? RTNL.RT_SCOPE_LINK : RTNL.RT_SCOPE_UNIVERSE
        var attributes: [NetlinkAttribute] = []
        if destination.prefixLength > 0 { attributes.append(.ipv4(RTNL.RTA_DST, destination.networkAddress)) }
        if let gateway { attributes.append(.ipv4(RTNL.RTA_GATEWAY, gateway)) }
        if let source { attributes.append(.ipv4(RTNL.RTA_PREFSRC, source)) }
        attributes.append(.uint32(RTNL.RTA_OIF, UInt32(bitPattern: index)))
        var operation = "RTM_NEWROUTE \(destination)"
        if let gateway { operation += " via \(gateway)" }
        operation += " dev \(name)"
        try acknowledge(Self.newRoute(header, attributes), operation: operation)
    }

    /// The IPv4 routes of one routing table, by default main (254), like `ip route show [table TABLE]`.
    public func routes(table: UInt32 = 254) throws -> [IPv4Route] {
        var header = RouteMessage()
        (header.table, header.routeProtocol, header.type) = (0, 0, 0)  // a dump filters on the family only
        let request = NetlinkMessage(
            type: RTNL.RTM_GETROUTE, flags: RTNL.NLM_F_REQUEST | RTNL.NLM_F_DUMP, header: header.bytes, attributes: [])
        return try dump(request, operation: "RTM_GETROUTE")
            .filter { $0.type == RTNL.RTM_NEWROUTE && $0.payload.first == RTNL.AF_INET }
            .map { message throws(NetlinkMessageError) in try IPv4Route(decoding: message) }
            .filter { $0.table == table }
    }

    /// The main-table routes, other than default routes, whose destination shares addresses with `network`:
    /// when there is one, the network is already in use on this host (docker0 holds 172.17.0.0/16, say).
    public func routes(overlapping network: IPv4Network) throws -> [IPv4Route] {
        try routes().filter { !$0.isDefault && $0.destination.overlaps(network) }
    }

    private static func newRoute(_ header: RouteMessage, _ attributes: [NetlinkAttribute]) -> NetlinkMessage {
        NetlinkMessage(
            type: RTNL.RTM_NEWROUTE, flags: RTNL.NLM_F_REQUEST | RTNL.NLM_F_ACK | RTNL.NLM_F_CREATE | RTNL.NLM_F_EXCL,
            header: header.bytes, attributes: attributes)
    }
}
