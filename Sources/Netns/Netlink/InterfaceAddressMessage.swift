/// struct ifaddrmsg (8 bytes), the fixed header of RTM_*ADDR messages.
struct InterfaceAddressMessage: Equatable {
    var family: UInt8
    var prefixLength: UInt8
    var flags: UInt8 = 0
    var scope: UInt8 = RTNL.RT_SCOPE_UNIVERSE
    var index: UInt32

    static let size = 8

    var bytes: [UInt8] {
        var bytes: [UInt8] = [family, prefixLength, flags, scope]
        bytes.appendNative(index)
        return bytes
    }

    init(family: UInt8 = RTNL.AF_INET, prefixLength: UInt8 = 0, scope: UInt8 = RTNL.RT_SCOPE_UNIVERSE, index: UInt32 = 0) {
        self.family = family
        self.prefixLength = prefixLength
        self.scope = scope
        self.index = index
    }

    init(decoding payload: [UInt8]) throws(NetlinkMessageError) {
        guard payload.count >= Self.size else { throw .truncated("ifaddrmsg of \(payload.count) bytes") }
        family = payload[0]
        prefixLength = payload[1]
        flags = payload[2]
        scope = payload[3]
        index = payload[...].loadNative(at: 4)!
    }
}
