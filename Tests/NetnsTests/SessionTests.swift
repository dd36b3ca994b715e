import Testing
@testable import Netns

/// How the session pairs replies with requests and reports errors.
@Suite struct SessionTests {
    @Test func kernelErrorsNameTheOperation() {
        let socket = MockNetlinkSocket(replies: [failure(sequence: 1, errno: 17)])  // EEXIST
        let expected = NetlinkError(operation: "RTM_NEWLINK minirun0", errno: 17)
        #expect(throws: expected) { try NetlinkSession(socket: socket).createBridge(named: "minirun0") }
        #expect(expected.description == "RTM_NEWLINK minirun0: File exists")
    }

    @Test func extendedAckTextIsKept() {
        let socket = MockNetlinkSocket(replies: [failure(sequence: 1, errno: 22, text: "Unknown device type")])
        let expected = NetlinkError(operation: "RTM_NEWLINK mrtbr0", errno: 22, message: "Unknown device type")
        #expect(throws: expected) { try NetlinkSession(socket: socket).createBridge(named: "mrtbr0") }
        #expect(expected.description == "RTM_NEWLINK mrtbr0: Invalid argument (Unknown device type)")
    }

    @Test func extendedAckAfterAnUncappedEcho() {
        // Without NETLINK_CAP_ACK the kernel echoes the whole request (here 28 bytes: a header and a 12-byte
        // payload) before the attributes; the text must still be found.
        let echoed = le32(UInt32(28)) + le16(16) + le16(5) + le32(UInt32(1)) + le32(UInt32(0)) + Array(repeating: 0xAA, count: 12)
        let reply = message(type: NLMSG_ERROR, flags: NLM_F_ACK_TLVS, sequence: 1,
                            le32(Int32(-1)) + echoed + attrString(1, "not permitted here"))
        let socket = MockNetlinkSocket(replies: [reply])
        #expect(throws: NetlinkError(operation: "RTM_NEWLINK mrtbr0", errno: 1, message: "not permitted here")) {
            try NetlinkSession(socket: socket).createBridge(named: "mrtbr0")
        }
    }

    @Test func sequenceNumbersIncreaseAndStaleRepliesAreSkipped() throws {
        // The reply to an earlier, abandoned request (sequence 7) arrives first and must not be taken for
        // the answer to this one (sequence 8).
        let socket = MockNetlinkSocket(replies: [failure(sequence: 7, errno: 17), ack(sequence: 8), ack(sequence: 9)])
        let session = NetlinkSession(socket: socket, firstSequence: 8)
        try session.setLinkUp("mrtbr0")
        try session.setLinkUp("mrtbr1")
        #expect(socket.sent.map { Array($0[8..<12]) } == [le32(UInt32(8)), le32(UInt32(9))])
        #expect(socket.replies.isEmpty)
    }

    @Test func severalRepliesInOneDatagram() throws {
        let socket = MockNetlinkSocket(replies: [
            newLink(sequence: 1, index: 3, name: "mrta", flags: NLM_F_MULTI)
                + newLink(sequence: 1, index: 4, name: "mrtb", flags: NLM_F_MULTI) + done(sequence: 1),
        ])
        #expect(try NetlinkSession(socket: socket).links().map(\.name) == ["mrta", "mrtb"])
    }

    @Test func multipartDumpAcrossDatagrams() throws {
        let socket = MockNetlinkSocket(replies: [
            newLink(sequence: 1, index: 1, name: "lo", flags: NLM_F_MULTI),
            newLink(sequence: 1, index: 2, name: "eth0", flags: NLM_F_MULTI),
            done(sequence: 1),
        ])
        #expect(try NetlinkSession(socket: socket).links().map(\.index) == [1, 2])
        #expect(socket.replies.isEmpty)
    }

    @Test func errorInsideADump() {
        let socket = MockNetlinkSocket(replies: [
            newLink(sequence: 1, index: 1, name: "lo", flags: NLM_F_MULTI),
            failure(sequence: 1, errno: 105),  // ENOBUFS
        ])
        #expect(throws: NetlinkError(operation: "RTM_GETLINK", errno: 105)) { try NetlinkSession(socket: socket).links() }
    }

    @Test func errorCarriedByDone() {
        let socket = MockNetlinkSocket(replies: [done(sequence: 1, error: -22)])
        #expect(throws: NetlinkError(operation: "RTM_GETROUTE", errno: 22)) { try NetlinkSession(socket: socket).routes() }
    }

    @Test func interruptedDumpIsRepeated() throws {
        let NLM_F_DUMP_INTR: UInt16 = 0x10
        let socket = MockNetlinkSocket(replies: [
            newLink(sequence: 1, index: 1, name: "old", flags: NLM_F_MULTI | NLM_F_DUMP_INTR),
            done(sequence: 1),
            newLink(sequence: 2, index: 1, name: "new", flags: NLM_F_MULTI),
            done(sequence: 2),
        ])
        #expect(try NetlinkSession(socket: socket).links().map(\.name) == ["new"])
        #expect(socket.sent.count == 2)
    }

    @Test func truncatedReplyIsAnError() {
        var reply = ack(sequence: 1)
        reply[0] = 200  // claims 200 bytes, has 36
        let socket = MockNetlinkSocket(replies: [reply])
        #expect(throws: NetlinkMessageError.self) { try NetlinkSession(socket: socket).setLinkUp("mrtbr0") }
    }

    @Test func truncatedAttributeIsAnError() {
        let badAttribute = le16(40) + le16(3) + Array("mrt".utf8) + [0]  // length 40, only 8 bytes there
        let socket = MockNetlinkSocket(replies: [message(type: 16, sequence: 1, ifinfomsg(index: 5) + badAttribute)])
        #expect(throws: NetlinkMessageError.self) { try NetlinkSession(socket: socket).link(named: "mrtbr0") }
    }

    @Test func unexpectedDoneForAnAcknowledgedRequest() {
        let socket = MockNetlinkSocket(replies: [done(sequence: 1)])
        #expect(throws: NetlinkMessageError.unexpectedReply(operation: "RTM_NEWLINK mrtbr0 up", type: 3)) {
            try NetlinkSession(socket: socket).setLinkUp("mrtbr0")
        }
    }

    @Test func socketErrorsPropagate() {
        let socket = MockNetlinkSocket(replies: [])
        #expect(throws: MockNetlinkSocket.NoMoreReplies.self) { try NetlinkSession(socket: socket).setLinkUp("mrtbr0") }
    }
}
