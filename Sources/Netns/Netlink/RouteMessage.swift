/// struct rtmsg (12 bytes), the fixed header of RTM_*ROUTE messages.
struct RouteMessage: Equatable {
    var family: UInt8 = RTNL.AF_INET
    var destinationLength: UInt8 = 0
    var sourceLength: UInt8 = 0
    var tos: UInt8 = 0
    var table: UInt8 = RTNL.RT_TABLE_MAIN
    var routeProtocol: UInt8 = RTNL.RTPROT_BOOT
    var scope: UInt8 = RTNL.RT_SCOPE_UNIVERSE
    var type: UInt8 = RTNL.RTN_UNICAST
    var flags: UInt32 = 0

    static let size = 12

    var bytes: [UInt8] {
        var bytes = [family, destinationLength, sourceLength, tos, table, routeProtocol, scope, type]
        bytes.appendNative(flags)
        return bytes
    }

    init() {}

    init(decoding payload: [UInt8]) throws(NetlinkMessageError) {
        guard payload.count >= Self.size else { throw .truncated("rtmsg of \(payload.count) bytes") }
        family = payload[0]
        destinationLength = payload[1]
        sourceLength = payload[2]
        tos = payload[3]
        table = payload[4]
        routeProtocol = payload[5]
        scope = payload[6]
        type = payload[7]
        flags = payload[...].loadNative(at: 8)!
    }
}
