/// One netlink attribute (struct nlattr + payload): a 2-byte length covering header and payload, a 2-byte
/// type, the payload, then padding to 4 bytes that the length does not count.
struct NetlinkAttribute: Equatable {
    /// The type as sent, possibly with NLA_F_NESTED.
    var type: UInt16
    var payload: [UInt8]

    static let headerSize = 4

    init(type: UInt16, payload: [UInt8]) {
        self.type = type
        self.payload = payload
    }

    /// The type without the NLA_F_NESTED / NLA_F_NET_BYTEORDER flags.
    var kind: UInt16 { type & RTNL.NLA_TYPE_MASK }

    // MARK: building

    /// A NUL-terminated string, as the kernel expects for names and kinds.
    static func string(_ type: UInt16, _ value: String) -> NetlinkAttribute {
        NetlinkAttribute(type: type, payload: Array(value.utf8) + [0])
    }

    static func uint32(_ type: UInt16, _ value: UInt32) -> NetlinkAttribute {
        var payload: [UInt8] = []
        payload.appendNative(value)
        return NetlinkAttribute(type: type, payload: payload)
    }

    static func uint8(_ type: UInt16, _ value: UInt8) -> NetlinkAttribute {
        NetlinkAttribute(type: type, payload: [value])
    }

    static func ipv4(_ type: UInt16, _ address: IPv4Address) -> NetlinkAttribute {
        NetlinkAttribute(type: type, payload: address.networkBytes)
    }

    /// Attributes inside an attribute. `header` is a fixed struct that comes first (ifinfomsg for VETH_INFO_PEER).
    static func nested(_ type: UInt16, header: [UInt8] = [], _ children: [NetlinkAttribute]) -> NetlinkAttribute {
        var payload = header
        payload.padToNetlinkAlignment()
        for child in children { child.encode(into: &payload) }
        return NetlinkAttribute(type: type, payload: payload)
    }

    func encode(into buffer: inout [UInt8]) {
        buffer.appendNative(UInt16(Self.headerSize + payload.count))
        buffer.appendNative(type)
        buffer.append(contentsOf: payload)
        buffer.padToNetlinkAlignment()
    }

    // MARK: reading

    /// Splits a run of attributes. Throws when a length runs past the end or is shorter than the header.
    static func decodeAll(_ bytes: ArraySlice<UInt8>) throws(NetlinkMessageError) -> [NetlinkAttribute] {
        var attributes: [NetlinkAttribute] = []
        var offset = bytes.startIndex
        while bytes.endIndex - offset >= headerSize {
            let rest = bytes[offset...]
            let length = Int(rest.loadNative(UInt16.self, at: 0)!)
            let type = rest.loadNative(UInt16.self, at: 2)!
            guard length >= headerSize, length <= rest.count else {
                throw .truncated("attribute \(type & RTNL.NLA_TYPE_MASK) of length \(length) with \(rest.count) bytes left")
            }
            attributes.append(NetlinkAttribute(type: type, payload: Array(rest.prefix(length).dropFirst(headerSize))))
            offset += min(length.netlinkAligned, rest.count)
        }
        return attributes
    }

    var uint32Value: UInt32? {
        payload.count == 4 ? payload[...].loadNative(UInt32.self) : nil
    }

    var uint8Value: UInt8? {
        payload.count == 1 ? payload[0] : nil
    }

    /// The payload up to its first NUL.
    var stringValue: String {
        String(decoding: payload.prefix { $0 != 0 }, as: UTF8.self)
    }

    var ipv4Value: IPv4Address? {
        IPv4Address(networkBytes: payload)
    }

    /// The attributes nested in this one.
    func children() throws(NetlinkMessageError) -> [NetlinkAttribute] {
        try Self.decodeAll(payload[...])
    }
}

extension Array where Element == NetlinkAttribute {
    /// The first attribute of the given type (flags ignored).
    func first(_ kind: UInt16) -> NetlinkAttribute? {
        first { $0.kind == kind }
    }
}
