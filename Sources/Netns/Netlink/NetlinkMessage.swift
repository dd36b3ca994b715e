/// One netlink message: struct nlmsghdr (length, type, flags, sequence, port id; 16 bytes in host order)
/// followed by its payload, padded to 4 bytes.
struct NetlinkMessage: Equatable {
    var type: UInt16
    var flags: UInt16
    var sequence: UInt32
    var portID: UInt32
    var payload: [UInt8]

    static let headerSize = 16

    init(type: UInt16, flags: UInt16, sequence: UInt32 = 0, portID: UInt32 = 0, payload: [UInt8] = []) {
        self.type = type
        self.flags = flags
        self.sequence = sequence
        self.portID = portID
        self.payload = payload
    }

    /// A request whose payload is a fixed header (ifinfomsg, ifaddrmsg, rtmsg) and attributes.
    init(type: UInt16, flags: UInt16, header: [UInt8], attributes: [NetlinkAttribute]) {
        var payload = header
        payload.padToNetlinkAlignment()
        for attribute in attributes { attribute.encode(into: &payload) }
        self.init(type: type, flags: flags, payload: payload)
    }

    func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.headerSize + payload.count + 3)
        bytes.appendNative(UInt32(Self.headerSize + payload.count))
        bytes.appendNative(type)
        bytes.appendNative(flags)
        bytes.appendNative(sequence)
        bytes.appendNative(portID)
        bytes.append(contentsOf: payload)
        bytes.padToNetlinkAlignment()
        return bytes
    }

    /// Splits one received datagram into its messages.
    static func decodeAll(_ datagram: [UInt8]) throws(NetlinkMessageError) -> [NetlinkMessage] {
        var messages: [NetlinkMessage] = []
        var rest = datagram[...]
        while rest.count >= headerSize {
            let length = Int(rest.loadNative(UInt32.self, at: 0)!)
            guard length >= headerSize, length <= rest.count else {
                throw .truncated("message of length \(length) with \(rest.count) bytes left")
            }
            messages.append(NetlinkMessage(
                type: rest.loadNative(UInt16.self, at: 4)!,
                flags: rest.loadNative(UInt16.self, at: 6)!,
                sequence: rest.loadNative(UInt32.self, at: 8)!,
                portID: rest.loadNative(UInt32.self, at: 12)!,
                payload: Array(rest.prefix(length).dropFirst(headerSize))))
            rest = rest.dropFirst(min(length.netlinkAligned, rest.count))
        }
        guard rest.isEmpty else { throw .truncated("message header of \(rest.count) bytes") }
        return messages
    }

    /// The attributes that follow a fixed header of `headerSize` bytes in the payload.
    func attributes(after headerSize: Int) throws(NetlinkMessageError) -> [NetlinkAttribute] {
        guard payload.count >= headerSize else {
            throw .truncated("\(RTNL.name(ofType: type)) payload of \(payload.count) bytes")
        }
        return try NetlinkAttribute.decodeAll(payload.dropFirst(headerSize.netlinkAligned))
    }
}
