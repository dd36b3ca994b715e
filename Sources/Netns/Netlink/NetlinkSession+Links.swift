#if canImport(Glibc)
import Glibc
#endif

/// Links: create bridges and veth pairs, look them up, change and delete them.
/// Requests name links with IFLA_IFNAME (index 0), so most changes take one round trip.
extension NetlinkSession {
    /// Creates a bridge, like `ip link add NAME [address MAC] [mtu MTU] type bridge`. Fails with EEXIST if taken.
    public func createBridge(named name: String, macAddress: MACAddress? = nil, mtu: UInt32? = nil) throws {
        try Self.validate(name)
        var attributes = [NetlinkAttribute.string(RTNL.IFLA_IFNAME, name)]
        if let macAddress { attributes.append(NetlinkAttribute(type: RTNL.IFLA_ADDRESS, payload: macAddress.bytes)) }
        if let mtu { attributes.append(.uint32(RTNL.IFLA_MTU, mtu)) }
        attributes.append(.nested(RTNL.IFLA_LINKINFO, [.string(RTNL.IFLA_INFO_KIND, "bridge")]))
        try acknowledge(Self.createRequest(attributes), operation: "RTM_NEWLINK \(name)")
    }

    /// Creates a veth pair, like `ip link add NAME [mtu MTU] type veth peer name PEER [address MAC] [netns FD]`.
    /// With `peerNamespaceFD` (an open /proc/PID/ns/net) the peer is born in that namespace under its final
    /// name, so it never appears in this one; without, both ends stay here. `mtu` applies to both ends.
    public func createVethPair(named name: String, peerName: String, peerMACAddress: MACAddress? = nil,
                               peerNamespaceFD: Int32? = nil, mtu: UInt32? = nil) throws {
        try Self.validate(name)
        try Self.validate(peerName)
        var peer = [NetlinkAttribute.string(RTNL.IFLA_IFNAME, peerName)]
        if let peerMACAddress { peer.append(NetlinkAttribute(type: RTNL.IFLA_ADDRESS, payload: peerMACAddress.bytes)) }
        if let mtu { peer.append(.uint32(RTNL.IFLA_MTU, mtu)) }
        if let peerNamespaceFD { peer.append(.uint32(RTNL.IFLA_NET_NS_FD, UInt32(bitPattern: peerNamespaceFD))) }

        var attributes = [NetlinkAttribute.string(RTNL.IFLA_IFNAME, name)]
        if let mtu { attributes.append(.uint32(RTNL.IFLA_MTU, mtu)) }
        attributes.append(.nested(RTNL.IFLA_LINKINFO, [
            .string(RTNL.IFLA_INFO_KIND, "veth"),
            .nested(RTNL.IFLA_INFO_DATA, [
                // VETH_INFO_PEER holds a whole ifinfomsg and the peer's own link attributes.
                .nested(RTNL.VETH_INFO_PEER, header: InterfaceInfoMessage().bytes, peer),
            ]),
        ]))
        try acknowledge(Self.createRequest(attributes), operation: "RTM_NEWLINK \(name) type veth peer \(peerName)")
    }

    /// The link called `name`, or nil when there is none.
    public func link(named name: String) throws -> NetworkLink? {
        try Self.validate(name)
        let request = NetlinkMessage(
            type: RTNL.RTM_GETLINK, flags: RTNL.NLM_F_REQUEST, header: InterfaceInfoMessage().bytes,
            attributes: [.string(RTNL.IFLA_IFNAME, name), .uint32(RTNL.IFLA_EXT_MASK, RTNL.RTEXT_FILTER_SKIP_STATS)])
        let replies: [NetlinkMessage]
        do {
            replies = try perform(request, answer: .single, operation: "RTM_GETLINK \(name)")
        } catch let error as NetlinkError where error.errno == ENODEV {
            return nil
        }
        guard let reply = replies.first, reply.type == RTNL.RTM_NEWLINK else {
            throw NetlinkMessageError.unexpectedReply(operation: "RTM_GETLINK \(name)", type: replies.first?.type ?? 0)
        }
        return try NetworkLink(decoding: reply)
    }

    /// The interface index of `name`, or nil when there is no such link.
    public func linkIndex(named name: String) throws -> Int32? {
        try link(named: name)?.index
    }

    /// Every link in the session's network namespace, like `ip link show`.
    public func links() throws -> [NetworkLink] {
        let request = NetlinkMessage(
            type: RTNL.RTM_GETLINK, flags: RTNL.NLM_F_REQUEST | RTNL.NLM_F_DUMP, header: InterfaceInfoMessage().bytes,
            attributes: [.uint32(RTNL.IFLA_EXT_MASK, RTNL.RTEXT_FILTER_SKIP_STATS)])
        return try dump(request, operation: "RTM_GETLINK")
            .filter { $0.type == RTNL.RTM_NEWLINK }
            .map { message throws(NetlinkMessageError) in try NetworkLink(decoding: message) }
    }

    /// Brings a link up, like `ip link set NAME up`.
    public func setLinkUp(_ name: String) throws {
        try change(name, flags: RTNL.IFF_UP, operation: "RTM_NEWLINK \(name) up")
    }

    /// Takes a link down, like `ip link set NAME down`.
    public func setLinkDown(_ name: String) throws {
        try change(name, flags: 0, operation: "RTM_NEWLINK \(name) down")
    }

    /// Makes `name` a port of `bridge`, like `ip link set NAME master BRIDGE`; nil detaches it (`nomaster`).
    public func setMaster(of name: String, to bridge: String?) throws {
        var masterIndex: Int32 = 0
        if let bridge { masterIndex = try requireIndex(of: bridge) }
        try change(name, attributes: [.uint32(RTNL.IFLA_MASTER, UInt32(bitPattern: masterIndex))],
                   operation: "RTM_NEWLINK \(name) master \(bridge ?? "none")")
    }

    /// Sets a link's MTU, like `ip link set NAME mtu MTU`.
    public func setMTU(of name: String, to mtu: UInt32) throws {
        try change(name, attributes: [.uint32(RTNL.IFLA_MTU, mtu)], operation: "RTM_NEWLINK \(name) mtu \(mtu)")
    }

    /// Renames a link, like `ip link set NAME name NEW`. Kernels before 6.2 refuse (EBUSY) while the link is up.
    public func renameLink(_ name: String, to newName: String) throws {
        try Self.validate(newName)
        let index = try requireIndex(of: name)
        try acknowledge(
            Self.changeRequest(InterfaceInfoMessage(index: index), [.string(RTNL.IFLA_IFNAME, newName)]),
            operation: "RTM_NEWLINK \(name) name \(newName)")
    }

    /// Moves a link into the network namespace an open fd refers to, like `ip link set NAME netns FD`.
    /// The link keeps its name there and goes down.
    public func moveLink(_ name: String, toNamespaceFD namespaceFD: Int32) throws {
        try change(name, attributes: [.uint32(RTNL.IFLA_NET_NS_FD, UInt32(bitPattern: namespaceFD))],
                   operation: "RTM_NEWLINK \(name) netns")
    }

    /// Deletes a link, like `ip link del NAME`; deleting either end of a veth pair removes both.
    /// Succeeds when there is no such link, so teardown can be repeated.
    public func deleteLink(named name: String) throws {
        try Self.validate(name)
        let request = NetlinkMessage(
            type: RTNL.RTM_DELLINK, flags: RTNL.NLM_F_REQUEST | RTNL.NLM_F_ACK, header: InterfaceInfoMessage().bytes,
            attributes: [.string(RTNL.IFLA_IFNAME, name)])
        do {
            try acknowledge(request, operation: "RTM_DELLINK \(name)")
        } catch let error as NetlinkError where error.errno == ENODEV {
            return
        }
    }

    /// Turns hairpin mode of a bridge port on or off, like `bridge link set dev NAME hairpin on`, so that
    /// the bridge may send a frame back out of the port it came in on (a container reaching itself through
    /// a published port).
    public func setHairpin(of name: String, enabled: Bool) throws {
        try setBridgePortFlag(RTNL.IFLA_BRPORT_MODE, of: name, enabled: enabled, operation: "hairpin")
    }

    /// Isolates a bridge port or lets it be, like `bridge link set dev NAME isolated on`: isolated
    /// ports pass no frame to each other, only to the bridge itself and to ports that are not.
    public func setIsolated(_ name: String, enabled: Bool) throws {
        try setBridgePortFlag(RTNL.IFLA_BRPORT_ISOLATED, of: name, enabled: enabled, operation: "isolated")
    }

    /// Sets one of a bridge port's one-byte flags (IFLA_BRPORT_*).
    private func setBridgePortFlag(_ attribute: UInt16, of name: String, enabled: Bool, operation: String) throws {
        let index = try requireIndex(of: name)
        // The bridge reads IFLA_PROTINFO as nested port attributes only when NLA_F_NESTED is set.
        let request = NetlinkMessage(
            type: RTNL.RTM_SETLINK, flags: RTNL.NLM_F_REQUEST | RTNL.NLM_F_ACK,
            header: InterfaceInfoMessage(family: RTNL.AF_BRIDGE, index: index).bytes,
            attributes: [.nested(RTNL.IFLA_PROTINFO | RTNL.NLA_F_NESTED, [.uint8(attribute, enabled ? 1 : 0)])])
        try acknowledge(request, operation: "RTM_SETLINK \(name) \(operation) \(enabled ? "on" : "off")")
    }

    // MARK: helpers

    /// The index of `name`; throws ENODEV naming the link when it does not exist.
    func requireIndex(of name: String) throws -> Int32 {
        guard let index = try linkIndex(named: name) else {
            throw NetlinkError(operation: "RTM_GETLINK \(name)", errno: ENODEV)
        }
        return index
    }

    private func change(_ name: String, flags: UInt32, operation: String) throws {
        try Self.validate(name)
        try acknowledge(
            Self.changeRequest(InterfaceInfoMessage(flags: flags, change: RTNL.IFF_UP), [.string(RTNL.IFLA_IFNAME, name)]),
            operation: operation)
    }

    private func change(_ name: String, attributes: [NetlinkAttribute], operation: String) throws {
        try Self.validate(name)
        try acknowledge(
            Self.changeRequest(InterfaceInfoMessage(), [.string(RTNL.IFLA_IFNAME, name)] + attributes),
            operation: operation)
    }

    /// RTM_NEWLINK without NLM_F_CREATE: changes an existing link, ENODEV if there is none.
    private static func changeRequest(_ header: InterfaceInfoMessage, _ attributes: [NetlinkAttribute]) -> NetlinkMessage {
        NetlinkMessage(type: RTNL.RTM_NEWLINK, flags: RTNL.NLM_F_REQUEST | RTNL.NLM_F_ACK, header: header.bytes,
                       attributes: attributes)
    }

    /// RTM_NEWLINK with NLM_F_CREATE | NLM_F_EXCL: creates a link, EEXIST if the name is taken.
    private static func createRequest(_ attributes: [NetlinkAttribute]) -> NetlinkMessage {
        NetlinkMessage(
            type: RTNL.RTM_NEWLINK, flags: RTNL.NLM_F_REQUEST | RTNL.NLM_F_ACK | RTNL.NLM_F_CREATE | RTNL.NLM_F_EXCL,
            header: InterfaceInfoMessage().bytes, attributes: attributes)
    }

    /// Refuses names the kernel's dev_valid_name() would refuse, before they reach the kernel.
    static func validate(_ name: String) throws(NetlinkMessageError) {
        let bytes = Array(name.utf8)
        guard (1...15).contains(bytes.count), name != ".", name != "..",
              !bytes.contains(where: { [0, 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, UInt8(ascii: "/"), UInt8(ascii: ":")].contains($0) })
        else { throw .invalidLinkName(name) }
    }
}
