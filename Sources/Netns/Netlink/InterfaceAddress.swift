/// An IPv4 address assigned to a link (what `ip -4 addr show` prints).
public struct InterfaceAddress: Equatable, Sendable {
    /// The index of the link that holds the address.
    public var linkIndex: Int32
    /// The interface's own address (IFA_LOCAL), e.g. 172.17.0.1.
    public var address: IPv4Address
    public var prefixLength: Int
    public var broadcast: IPv4Address?
    /// IFA_LABEL, usually the link's name.
    public var label: String?

    public init(linkIndex: Int32, address: IPv4Address, prefixLength: Int, broadcast: IPv4Address? = nil,
                label: String? = nil) {
        self.linkIndex = linkIndex
        self.address = address
        self.prefixLength = prefixLength
        self.broadcast = broadcast
        self.label = label
    }

    /// The network the address lies in, e.g. 172.17.0.0/16 for 172.17.0.1/16.
    public var network: IPv4Network {
        IPv4Network(containing: address, prefixLength: prefixLength)!
    }

    /// Decodes an RTM_NEWADDR message of family AF_INET.
    init(decoding message: NetlinkMessage) throws(NetlinkMessageError) {
        let header = try InterfaceAddressMessage(decoding: message.payload)
        let attributes = try message.attributes(after: InterfaceAddressMessage.size)
        // IFA_LOCAL is the interface's address; IFA_ADDRESS is the peer on point-to-point links.
        guard let address = (attributes.first(RTNL.IFA_LOCAL) ?? attributes.first(RTNL.IFA_ADDRESS))?.ipv4Value,
              header.prefixLength <= 32
        else { throw .truncated("RTM_NEWADDR without an IPv4 address") }
        self.init(
            linkIndex: Int32(bitPattern: header.index),
            address: address,
            prefixLength: Int(header.prefixLength),
            broadcast: attributes.first(RTNL.IFA_BROADCAST)?.ipv4Value,
            label: attributes.first(RTNL.IFA_LABEL)?.stringValue)
    }
}
