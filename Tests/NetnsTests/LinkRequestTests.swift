import Testing
@testable import Netns

/// Byte-exact requests for link operations. Expected bytes are written out from linux/netlink.h,
/// rtnetlink.h, if_link.h and veth.h on a little-endian machine: nlmsghdr {u32 len, u16 type, u16 flags,
/// u32 seq, u32 pid}, ifinfomsg {u8 family, u8 pad, u16 type, i32 index, u32 flags, u32 change},
/// nlattr {u16 len, u16 type} + payload padded to 4.
@Suite struct LinkRequestTests {
    @Test func createBridge() throws {
        let socket = MockNetlinkSocket(replies: [ack(sequence: 1)])
        try NetlinkSession(socket: socket).createBridge(named: "mrtbr0")
        #expect(socket.sent == [hex("""
            3c000000 1000 0506 01000000 00000000   # len 60, RTM_NEWLINK, REQUEST|ACK|EXCL|CREATE, seq 1, pid 0
            00 00 0000 00000000 00000000 00000000  # ifinfomsg: AF_UNSPEC, index 0
            0b00 0300 6d7274627230 00 00           # IFLA_IFNAME "mrtbr0\\0" + 1 pad
            1000 1200                              # IFLA_LINKINFO, 16 bytes
              0b00 0100 627269646765 00 00         #   IFLA_INFO_KIND "bridge\\0" + 1 pad
            """)])
    }

    @Test func createBridgeWithAddressAndMTU() throws {
        let socket = MockNetlinkSocket(replies: [ack(sequence: 1)])
        try NetlinkSession(socket: socket).createBridge(
            named: "mrtbr0", macAddress: try MACAddress(parsing: "02:42:0a:d5:00:01"), mtu: 1400)
        #expect(socket.sent == [hex("""
            50000000 1000 0506 01000000 00000000   # len 80
            00 00 0000 00000000 00000000 00000000
            0b00 0300 6d7274627230 00 00           # IFLA_IFNAME
            0a00 0100 02420ad50001 0000            # IFLA_ADDRESS, 6 bytes + 2 pad
            0800 0400 78050000                     # IFLA_MTU 1400
            1000 1200 0b00 0100 627269646765 00 00 # IFLA_LINKINFO { IFLA_INFO_KIND "bridge" }
            """)])
    }

    @Test func createVethPairWithPeerInAnotherNamespace() throws {
        let socket = MockNetlinkSocket(replies: [ack(sequence: 1)])
        try NetlinkSession(socket: socket).createVethPair(
            named: "mrtv0", peerName: "eth0", peerMACAddress: try MACAddress(parsing: "02:42:0a:d5:00:02"),
            peerNamespaceFD: 7)
        #expect(socket.sent == [hex("""
            74000000 1000 0506 01000000 00000000   # len 116, RTM_NEWLINK, REQUEST|ACK|EXCL|CREATE
            00 00 0000 00000000 00000000 00000000  # ifinfomsg
            0a00 0300 6d72747630 00 0000           # IFLA_IFNAME "mrtv0\\0" + 2 pad
            4800 1200                              # IFLA_LINKINFO, 72 bytes
              0900 0100 76657468 00 000000         #   IFLA_INFO_KIND "veth\\0" + 3 pad
              3800 0200                            #   IFLA_INFO_DATA, 56 bytes
                3400 0100                          #     VETH_INFO_PEER, 52 bytes
                  00 00 0000 00000000 00000000 00000000  # ifinfomsg of the peer
                  0900 0300 65746830 00 000000     #       IFLA_IFNAME "eth0\\0"
                  0a00 0100 02420ad50002 0000      #       IFLA_ADDRESS
                  0800 1c00 07000000               #       IFLA_NET_NS_FD 7
            """)])
    }

    @Test func createVethPairWithBothEndsHereAndMTU() throws {
        let socket = MockNetlinkSocket(replies: [ack(sequence: 1)])
        try NetlinkSession(socket: socket).createVethPair(named: "mrtv1", peerName: "mrtv1p", mtu: 1500)
        #expect(socket.sent == [hex("""
            70000000 1000 0506 01000000 00000000   # len 112
            00 00 0000 00000000 00000000 00000000
            0a00 0300 6d72747631 00 0000           # IFLA_IFNAME "mrtv1"
            0800 0400 dc050000                     # IFLA_MTU 1500
            3c00 1200                              # IFLA_LINKINFO, 60 bytes
              0900 0100 76657468 00 000000         #   IFLA_INFO_KIND "veth"
              2c00 0200                            #   IFLA_INFO_DATA, 44 bytes
                2800 0100                          #     VETH_INFO_PEER, 40 bytes
                  00 00 0000 00000000 00000000 00000000
                  0b00 0300 6d7274763170 00 00     #       IFLA_IFNAME "mrtv1p"
                  0800 0400 dc050000               #       IFLA_MTU 1500
            """)])
    }

    @Test func lookUpByName() throws {
        let socket = MockNetlinkSocket(replies: [newLink(sequence: 1, index: 5, name: "mrtbr0")])
        #expect(try NetlinkSession(socket: socket).linkIndex(named: "mrtbr0") == 5)
        #expect(socket.sent == [hex("""
            34000000 1200 0100 01000000 00000000   # len 52, RTM_GETLINK, REQUEST (one reply, no ack)
            00 00 0000 00000000 00000000 00000000
            0b00 0300 6d7274627230 00 00           # IFLA_IFNAME "mrtbr0"
            0800 1d00 08000000                     # IFLA_EXT_MASK RTEXT_FILTER_SKIP_STATS
            """)])
    }

    @Test func lookUpOfAnAbsentLinkIsNil() throws {
        let socket = MockNetlinkSocket(replies: [failure(sequence: 1, errno: 19)])  // ENODEV
        #expect(try NetlinkSession(socket: socket).linkIndex(named: "mrtnone") == nil)
    }

    @Test func dumpLinks() throws {
        let socket = MockNetlinkSocket(replies: [done(sequence: 1)])
        #expect(try NetlinkSession(socket: socket).links().isEmpty)
        #expect(socket.sent == [hex("""
            28000000 1200 0103 01000000 00000000   # len 40, RTM_GETLINK, REQUEST|DUMP
            00 00 0000 00000000 00000000 00000000
            0800 1d00 08000000                     # IFLA_EXT_MASK
            """)])
    }

    @Test func setUpAndDown() throws {
        let socket = MockNetlinkSocket(replies: [ack(sequence: 1), ack(sequence: 2)])
        let session = NetlinkSession(socket: socket)
        try session.setLinkUp("mrtbr0")
        try session.setLinkDown("mrtbr0")
        #expect(socket.sent == [
            hex("""
                2c000000 1000 0500 01000000 00000000   # len 44, RTM_NEWLINK, REQUEST|ACK (no CREATE)
                00 00 0000 00000000 01000000 01000000  # flags IFF_UP, change IFF_UP
                0b00 0300 6d7274627230 00 00
                """),
            hex("""
                2c000000 1000 0500 02000000 00000000   # seq 2
                00 00 0000 00000000 00000000 01000000  # flags 0, change IFF_UP
                0b00 0300 6d7274627230 00 00
                """),
        ])
    }

    @Test func setMasterLooksUpTheBridgeFirst() throws {
        let socket = MockNetlinkSocket(replies: [newLink(sequence: 1, index: 5, name: "mrtbr0"), ack(sequence: 2)])
        try NetlinkSession(socket: socket).setMaster(of: "mrtv0", to: "mrtbr0")
        #expect(socket.sent.count == 2)
        #expect(socket.sent.last == hex("""
            34000000 1000 0500 02000000 00000000   # len 52, RTM_NEWLINK, REQUEST|ACK, seq 2
            00 00 0000 00000000 00000000 00000000
            0a00 0300 6d72747630 00 0000           # IFLA_IFNAME "mrtv0"
            0800 0a00 05000000                     # IFLA_MASTER 5
            """))
    }

    @Test func detachFromMaster() throws {
        let socket = MockNetlinkSocket(replies: [ack(sequence: 1)])
        try NetlinkSession(socket: socket).setMaster(of: "mrtv0", to: nil)
        #expect(socket.sent == [hex("""
            34000000 1000 0500 01000000 00000000
            00 00 0000 00000000 00000000 00000000
            0a00 0300 6d72747630 00 0000
            0800 0a00 00000000                     # IFLA_MASTER 0: nomaster
            """)])
    }

    @Test func renameUsesTheIndex() throws {
        let socket = MockNetlinkSocket(replies: [newLink(sequence: 1, index: 9, name: "mrtv0p"), ack(sequence: 2)])
        try NetlinkSession(socket: socket).renameLink("mrtv0p", to: "eth1")
        #expect(socket.sent.last == hex("""
            2c000000 1000 0500 02000000 00000000
            00 00 0000 09000000 00000000 00000000  # index 9
            0900 0300 65746831 00 000000           # IFLA_IFNAME "eth1": the new name
            """))
    }

    @Test func moveToNamespace() throws {
        let socket = MockNetlinkSocket(replies: [ack(sequence: 1)])
        try NetlinkSession(socket: socket).moveLink("mrtv1", toNamespaceFD: 12)
        #expect(socket.sent == [hex("""
            34000000 1000 0500 01000000 00000000
            00 00 0000 00000000 00000000 00000000
            0a00 0300 6d72747631 00 0000           # IFLA_IFNAME "mrtv1"
            0800 1c00 0c000000                     # IFLA_NET_NS_FD 12
            """)])
    }

    @Test func setMTU() throws {
        let socket = MockNetlinkSocket(replies: [ack(sequence: 1)])
        try NetlinkSession(socket: socket).setMTU(of: "mrtv1", to: 1400)
        #expect(socket.sent == [hex("""
            34000000 1000 0500 01000000 00000000
            00 00 0000 00000000 00000000 00000000
            0a00 0300 6d72747631 00 0000
            0800 0400 78050000                     # IFLA_MTU 1400
            """)])
    }

    @Test func deleteLink() throws {
        let socket = MockNetlinkSocket(replies: [ack(sequence: 1)])
        try NetlinkSession(socket: socket).deleteLink(named: "mrtv1")
        #expect(socket.sent == [hex("""
            2c000000 1100 0500 01000000 00000000   # len 44, RTM_DELLINK, REQUEST|ACK
            00 00 0000 00000000 00000000 00000000
            0a00 0300 6d72747631 00 0000
            """)])
    }

    @Test func deletingAnAbsentLinkSucceeds() throws {
        let socket = MockNetlinkSocket(replies: [failure(sequence: 1, errno: 19)])  // ENODEV
        try NetlinkSession(socket: socket).deleteLink(named: "mrtv1")
        #expect(socket.sent.count == 1)
    }

    @Test func deleteReportsOtherErrors() throws {
        let socket = MockNetlinkSocket(replies: [failure(sequence: 1, errno: 1)])  // EPERM
        #expect(throws: NetlinkError(operation: "RTM_DELLINK mrtv1", errno: 1)) {
            try NetlinkSession(socket: socket).deleteLink(named: "mrtv1")
        }
    }

    @Test func hairpinIsAnAFBridgeSetlinkWithNestedProtinfo() throws {
        let socket = MockNetlinkSocket(replies: [newLink(sequence: 1, index: 6, name: "mrtv0"), ack(sequence: 2)])
        try NetlinkSession(socket: socket).setHairpin(of: "mrtv0", enabled: true)
        #expect(socket.sent.last == hex("""
            2c000000 1300 0500 02000000 00000000   # len 44, RTM_SETLINK, REQUEST|ACK
            07 00 0000 06000000 00000000 00000000  # ifinfomsg: AF_BRIDGE, index 6
            0c00 0c80                              # IFLA_PROTINFO | NLA_F_NESTED, 12 bytes
              0500 0400 01 000000                  #   IFLA_BRPORT_MODE (hairpin) 1
            """))
    }

    @Test func isolationIsTheBridgePortFlagIsolated() throws {
        let socket = MockNetlinkSocket(replies: [newLink(sequence: 1, index: 6, name: "mrtv0"), ack(sequence: 2)])
        try NetlinkSession(socket: socket).setIsolated("mrtv0", enabled: true)
        #expect(socket.sent.last == hex("""
            2c000000 1300 0500 02000000 00000000   # len 44, RTM_SETLINK, REQUEST|ACK
            07 00 0000 06000000 00000000 00000000  # ifinfomsg: AF_BRIDGE, index 6
            0c00 0c80                              # IFLA_PROTINFO | NLA_F_NESTED, 12 bytes
              0500 2100 01 000000                  #   IFLA_BRPORT_ISOLATED (33) 1
            """))
    }

    @Test(arguments: ["", "sixteen-chars-xx", "a/b", "a:b", "a b", ".", "..", "tab\tname"])
    func refusesInvalidNamesWithoutSending(_ name: String) {
        let socket = MockNetlinkSocket()
        #expect(throws: NetlinkMessageError.invalidLinkName(name)) {
            try NetlinkSession(socket: socket).createBridge(named: name)
        }
        #expect(socket.sent.isEmpty)
    }

    @Test func fifteenByteNamesAreAccepted() throws {
        let socket = MockNetlinkSocket(replies: [ack(sequence: 1)])
        try NetlinkSession(socket: socket).deleteLink(named: "fifteen-chars-x")
        #expect(socket.sent.count == 1)
    }
}
