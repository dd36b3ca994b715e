/// IPv4 addresses of links.
extension NetlinkSession {
    /// Adds `address/prefixLength` to a link, like `ip addr add 172.17.0.1/16 brd + dev NAME`: the broadcast
    /// address is the network's last address (none for /31 and /32). The kernel also adds the route to
    /// the network via the link. Fails with EEXIST if the link already has the address.
    public func addAddress(_ address: IPv4Address, prefixLength: Int, toLink name: String) throws {
        guard let network = IPv4Network(containing: address, prefixLength: prefixLength) else {
            throw AddressParseError.invalidPrefixLength("\(address)/\(prefixLength)")
        }
        let index = try requireIndex(of: name)
        var attributes: [NetlinkAttribute] = [.ipv4(RTNL.IFA_LOCAL, address), .ipv4(RTNL.IFA_ADDRESS, address)]
        if prefixLength < 31 { attributes.append(.ipv4(RTNL.IFA_BROADCAST, network.broadcastAddress)) }
        let request = NetlinkMessage(
            type: RTNL.RTM_NEWADDR, flags: RTNL.NLM_F_REQUEST | RTNL.NLM_F_ACK | RTNL.NLM_F_CREATE | RTNL.NLM_F_EXCL,
            header: InterfaceAddressMessage(prefixLength: UInt8(prefixLength), index: UInt32(bitPattern: index)).bytes,
            attributes: attributes)
        try acknowledge(request, operation: "RTM_NEWADDR \(address)/\(prefixLength) dev \(name)")
    }

    /// The IPv4 addresses of one link, like `ip -4 addr show dev NAME`; throws ENODEV if there is no such link.
    public func addresses(ofLink name: String) throws -> [InterfaceAddress] {
        let index = try requireIndex(of: name)
        return try addresses().filter { $0.linkIndex == index }
    }

    /// Every IPv4 address in the session's network namespace, like `ip -4 addr show`.
    public func addresses() throws -> [InterfaceAddress] {
        let request = NetlinkMessage(
            type: RTNL.RTM_GETADDR, flags: RTNL.NLM_F_REQUEST | RTNL.NLM_F_DUMP,
            header: InterfaceAddressMessage(family: RTNL.AF_INET).bytes, attributes: [])
        return try dump(request, operation: "RTM_GETADDR")
            .filter { $0.type == RTNL.RTM_NEWADDR && $0.payload.first == RTNL.AF_INET }
            .map { message throws(NetlinkMessageError) in try InterfaceAddress(decoding: message) }
    }
}
