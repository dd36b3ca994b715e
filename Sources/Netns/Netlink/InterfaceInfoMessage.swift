/// struct ifinfomsg (16 bytes), the fixed header of RTM_*LINK messages.
struct InterfaceInfoMessage: Equatable {
    var family: UInt8 = RTNL.AF_UNSPEC
    var deviceType: UInt16 = 0
    var index: Int32 = 0
    var flags: UInt32 = 0
    var change: UInt32 = 0

    static let size = 16

    var bytes: [UInt8] {
        var bytes: [UInt8] = [family, 0]
        bytes.appendNative(deviceType)
        bytes.appendNative(index)
        bytes.appendNative(flags)
        bytes.appendNative(change)
        return bytes
    }

    init(family: UInt8 = RTNL.AF_UNSPEC, index: Int32 = 0, flags: UInt32 = 0, change: UInt32 = 0) {
        self.family = family
        self.index = index
        self.flags = flags
        self.change = change
    }

    init(decoding payload: [UInt8]) throws(NetlinkMessageError) {
        guard payload.count >= Self.size else { throw .truncated("ifinfomsg of \(payload.count) bytes") }
        let bytes = payload[...]
        family = bytes[0]
        deviceType = bytes.loadNative(at: 2)!
        index = bytes.loadNative(at: 4)!
        flags = bytes.loadNative(at: 8)!
        change = bytes.loadNative(at: 12)!
    }
}
