/// A network interface as RTM_NEWLINK describes it (what `ip -d link show` prints).
public struct NetworkLink: Equatable, Sendable {
    /// The interface index (ifindex), unique within its network namespace.
    public var index: Int32
    public var name: String
    /// The driver kind from IFLA_INFO_KIND, e.g. "bridge" or "veth"; nil for physical devices and loopback.
    public var kind: String?
    /// The index of the bridge (or bond) this link is a port of.
    public var masterIndex: Int32?
    /// IFF_* flags from ifinfomsg.
    public var flags: UInt32
    public var operationalState: LinkOperationalState
    public var macAddress: MACAddress?
    public var mtu: UInt32?
    /// IFLA_LINK: for a veth, the index of its peer (possibly in another namespace).
    public var parentIndex: Int32?

    public init(index: Int32, name: String, kind: String? = nil, masterIndex: Int32? = nil, flags: UInt32 = 0,
                operationalState: LinkOperationalState = .unknown, macAddress: MACAddress? = nil, mtu: UInt32? = nil,
                parentIndex: Int32? = nil) {
        self.index = index
        self.name = name
        self.kind = kind
        self.masterIndex = masterIndex
        self.flags = flags
        self.operationalState = operationalState
        self.macAddress = macAddress
        self.mtu = mtu
        self.parentIndex = parentIndex
    }

    /// Administratively up (IFF_UP), as set by `ip link set NAME up`.
    public var isUp: Bool { flags & RTNL.IFF_UP != 0 }

    /// The driver reports carrier (IFF_LOWER_UP); a veth has it when both ends are up.
    public var hasCarrier: Bool { flags & RTNL.IFF_LOWER_UP != 0 }

    /// Decodes an RTM_NEWLINK message.
    init(decoding message: NetlinkMessage) throws(NetlinkMessageError) {
        let header = try InterfaceInfoMessage(decoding: message.payload)
        let attributes = try message.attributes(after: InterfaceInfoMessage.size)
        let nonZero: (UInt32?) -> Int32? = { value in value.flatMap { $0 == 0 ? nil : Int32(bitPattern: $0) } }
        self.init(
            index: header.index,
            name: attributes.first(RTNL.IFLA_IFNAME)?.stringValue ?? "",
            kind: try attributes.first(RTNL.IFLA_LINKINFO)?.children().first(RTNL.IFLA_INFO_KIND)?.stringValue,
            masterIndex: nonZero(attributes.first(RTNL.IFLA_MASTER)?.uint32Value),
            flags: header.flags,
            operationalState: attributes.first(RTNL.IFLA_OPERSTATE)?.uint8Value
                .flatMap(LinkOperationalState.init(rawValue:)) ?? .unknown,
            macAddress: attributes.first(RTNL.IFLA_ADDRESS).flatMap { MACAddress(bytes: $0.payload) },
            mtu: attributes.first(RTNL.IFLA_MTU)?.uint32Value,
            parentIndex: nonZero(attributes.first(RTNL.IFLA_LINK)?.uint32Value))
    }
}
