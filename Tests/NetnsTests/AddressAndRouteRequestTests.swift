import Testing
@testable import Netns

/// Byte-exact requests for addresses and routes. ifaddrmsg {u8 family, u8 prefixlen, u8 flags, u8 scope,
/// u32 index}; rtmsg {u8 family, dst_len, src_len, tos, table, protocol, scope, type; u32 flags}.
/// IPv4 addresses inside attributes are in network order.
@Suite struct AddressAndRouteRequestTests {
    @Test func addAddressWithBroadcast() throws {
        let socket = MockNetlinkSocket(replies: [newLink(sequence: 1, index: 5, name: "mrtbr0"), ack(sequence: 2)])
        try NetlinkSession(socket: socket).addAddress(IPv4Address(10, 213, 0, 1), prefixLength: 24, toLink: "mrtbr0")
        #expect(socket.sent.count == 2)
        #expect(socket.sent.last == hex("""
            30000000 1400 0506 02000000 00000000   # len 48, RTM_NEWADDR, REQUEST|ACK|EXCL|CREATE, seq 2
            02 18 00 00 05000000                   # AF_INET, /24, flags 0, scope universe, index 5
            0800 0200 0ad50001                     # IFA_LOCAL 10.213.0.1
            0800 0100 0ad50001                     # IFA_ADDRESS 10.213.0.1
            0800 0400 0ad500ff                     # IFA_BROADCAST 10.213.0.255
            """))
    }

    @Test func addHostAddressHasNoBroadcast() throws {
        let socket = MockNetlinkSocket(replies: [newLink(sequence: 1, index: 5, name: "mrtbr0"), ack(sequence: 2)])
        try NetlinkSession(socket: socket).addAddress(IPv4Address(10, 213, 0, 9), prefixLength: 32, toLink: "mrtbr0")
        #expect(socket.sent.last == hex("""
            28000000 1400 0506 02000000 00000000   # len 40
            02 20 00 00 05000000                   # /32
            0800 0200 0ad50009
            0800 0100 0ad50009
            """))
    }

    @Test func addAddressToAnAbsentLinkNamesIt() {
        let socket = MockNetlinkSocket(replies: [failure(sequence: 1, errno: 19)])
        #expect(throws: NetlinkError(operation: "RTM_GETLINK mrtnone", errno: 19)) {
            try NetlinkSession(socket: socket).addAddress(IPv4Address(10, 213, 0, 1), prefixLength: 24, toLink: "mrtnone")
        }
        #expect(socket.sent.count == 1)
    }

    @Test func addAddressRefusesABadPrefix() {
        let socket = MockNetlinkSocket()
        #expect(throws: AddressParseError.invalidPrefixLength("10.213.0.1/33")) {
            try NetlinkSession(socket: socket).addAddress(IPv4Address(10, 213, 0, 1), prefixLength: 33, toLink: "mrtbr0")
        }
        #expect(socket.sent.isEmpty)
    }

    @Test func dumpAddresses() throws {
        let socket = MockNetlinkSocket(replies: [done(sequence: 1)])
        #expect(try NetlinkSession(socket: socket).addresses().isEmpty)
        #expect(socket.sent == [hex("""
            18000000 1600 0103 01000000 00000000   # len 24, RTM_GETADDR, REQUEST|DUMP
            02 00 00 00 00000000                   # AF_INET
            """)])
    }

    @Test func addDefaultRoute() throws {
        let socket = MockNetlinkSocket(replies: [ack(sequence: 1)])
        try NetlinkSession(socket: socket).addDefaultRoute(via: IPv4Address(10, 213, 0, 1))
        #expect(socket.sent == [hex("""
            24000000 1800 0506 01000000 00000000   # len 36, RTM_NEWROUTE, REQUEST|ACK|EXCL|CREATE
            02 00 00 00 fe 03 00 01 00000000       # AF_INET, dst_len 0, main, RTPROT_BOOT, universe, unicast
            0800 0500 0ad50001                     # RTA_GATEWAY 10.213.0.1
            """)])
    }

    @Test func addDefaultRouteOutOfALink() throws {
        let socket = MockNetlinkSocket(replies: [newLink(sequence: 1, index: 2, name: "eth0"), ack(sequence: 2)])
        try NetlinkSession(socket: socket).addDefaultRoute(via: IPv4Address(10, 213, 0, 1), link: "eth0")
        #expect(socket.sent.last == hex("""
            2c000000 1800 0506 02000000 00000000   # len 44
            02 00 00 00 fe 03 00 01 00000000
            0800 0500 0ad50001                     # RTA_GATEWAY
            0800 0400 02000000                     # RTA_OIF 2
            """))
    }

    @Test func addDirectlyAttachedRoute() throws {
        let socket = MockNetlinkSocket(replies: [newLink(sequence: 1, index: 5, name: "mrtbr0"), ack(sequence: 2)])
        try NetlinkSession(socket: socket).addRoute(to: try IPv4Network(parsing: "10.213.1.0/24"), link: "mrtbr0")
        #expect(socket.sent.last == hex("""
            2c000000 1800 0506 02000000 00000000   # len 44
            02 18 00 00 fe 03 fd 01 00000000       # dst_len 24, scope link
            0800 0100 0ad50100                     # RTA_DST 10.213.1.0
            0800 0400 05000000                     # RTA_OIF 5
            """))
    }

    @Test func addRouteViaGatewayWithSource() throws {
        let socket = MockNetlinkSocket(replies: [newLink(sequence: 1, index: 5, name: "mrtbr0"), ack(sequence: 2)])
        try NetlinkSession(socket: socket).addRoute(
            to: try IPv4Network(parsing: "10.214.0.0/16"), link: "mrtbr0", gateway: IPv4Address(10, 213, 0, 2),
            source: IPv4Address(10, 213, 0, 1))
        #expect(socket.sent.last == hex("""
            3c000000 1800 0506 02000000 00000000   # len 60
            02 10 00 00 fe 03 00 01 00000000       # dst_len 16, scope universe
            0800 0100 0ad60000                     # RTA_DST 10.214.0.0
            0800 0500 0ad50002                     # RTA_GATEWAY 10.213.0.2
            0800 0700 0ad50001                     # RTA_PREFSRC 10.213.0.1
            0800 0400 05000000                     # RTA_OIF 5
            """))
    }

    @Test func dumpRoutes() throws {
        let socket = MockNetlinkSocket(replies: [done(sequence: 1)])
        #expect(try NetlinkSession(socket: socket).routes().isEmpty)
        #expect(socket.sent == [hex("""
            1c000000 1a00 0103 01000000 00000000   # len 28, RTM_GETROUTE, REQUEST|DUMP
            02 00 00 00 00 00 00 00 00000000       # AF_INET, everything else zero
            """)])
    }
}
