import Testing
@testable import Netns

/// Decoding of link, address and route replies: real kernel captures first, then hand-built edge cases.
@Suite struct ReplyParsingTests {
    @Test func vethPortCapturedFromTheKernel() throws {
        let socket = MockNetlinkSocket(replies: [KernelCaptures.vethLink])
        let link = try #require(try NetlinkSession(socket: socket, firstSequence: 7).link(named: "mrtcv"))
        #expect(link.index == 4)
        #expect(link.name == "mrtcv")
        #expect(link.kind == "veth")
        #expect(link.masterIndex == 2)
        #expect(link.parentIndex == 3)
        #expect(link.isUp)
        #expect(!link.hasCarrier)
        #expect(link.operationalState == .lowerLayerDown)
        #expect(link.macAddress == MACAddress("02:00:0a:d5:00:0a"))
        #expect(link.mtu == 1500)
    }

    @Test func bridgeCapturedFromTheKernel() throws {
        let socket = MockNetlinkSocket(replies: [KernelCaptures.bridgeLink])
        let link = try #require(try NetlinkSession(socket: socket, firstSequence: 7).link(named: "mrtcbr"))
        #expect(link.index == 2)
        #expect(link.name == "mrtcbr")
        #expect(link.kind == "bridge")
        #expect(link.masterIndex == nil)
        #expect(link.parentIndex == nil)
        #expect(link.isUp)
        #expect(link.operationalState == .down)
        #expect(link.macAddress == MACAddress("02:00:0a:d5:00:01"))
    }

    @Test func addressDumpCapturedFromTheKernel() throws {
        let socket = MockNetlinkSocket(replies: KernelCaptures.addressDump)
        let addresses = try NetlinkSession(socket: socket, firstSequence: 7).addresses()
        #expect(addresses == [
            InterfaceAddress(linkIndex: 1, address: IPv4Address(127, 0, 0, 1), prefixLength: 8, label: "lo"),
            InterfaceAddress(linkIndex: 2, address: IPv4Address(10, 213, 9, 1), prefixLength: 24,
                             broadcast: IPv4Address(10, 213, 9, 255), label: "mrtcbr"),
        ])
        #expect(addresses.last?.network.description == "10.213.9.0/24")
    }

    @Test func addressesOfOneLink() throws {
        let socket = MockNetlinkSocket(replies: [newLink(sequence: 6, index: 2, name: "mrtcbr")] + KernelCaptures.addressDump)
        let addresses = try NetlinkSession(socket: socket, firstSequence: 6).addresses(ofLink: "mrtcbr")
        #expect(addresses.map(\.address) == [IPv4Address(10, 213, 9, 1)])
    }

    @Test func routeDumpCapturedFromTheKernelKeepsTheMainTable() throws {
        let socket = MockNetlinkSocket(replies: KernelCaptures.routeDump)
        let routes = try NetlinkSession(socket: socket, firstSequence: 7).routes()
        #expect(routes == [
            IPv4Route(destination: .all, gateway: IPv4Address(10, 213, 9, 254), outputLinkIndex: 2,
                      table: 254, routeProtocol: 3, scope: 0, type: 1),
            IPv4Route(destination: try IPv4Network(parsing: "10.213.9.0/24"), outputLinkIndex: 2,
                      preferredSource: IPv4Address(10, 213, 9, 1), table: 254, routeProtocol: 2, scope: 253, type: 1),
        ])
        #expect(routes.first?.isDefault == true)
        #expect(routes.last?.isDefault == false)
    }

    @Test func overlappingRoutesIgnoreTheDefaultRoute() throws {
        let session = { NetlinkSession(socket: MockNetlinkSocket(replies: KernelCaptures.routeDump), firstSequence: 7) }
        #expect(try session().routes(overlapping: try IPv4Network(parsing: "10.213.0.0/16")).map(\.destination)
            == [try IPv4Network(parsing: "10.213.9.0/24")])
        #expect(try session().routes(overlapping: try IPv4Network(parsing: "10.213.9.128/25")).count == 1)
        #expect(try session().routes(overlapping: try IPv4Network(parsing: "172.17.0.0/16")).isEmpty)
    }

    @Test func linkWithoutOptionalAttributes() throws {
        // A bare reply: no kind, no master, no address, unknown operstate 9, IFF_UP|IFF_LOWER_UP.
        let reply = message(type: 16, sequence: 1, [0, 0] + le16(1) + le32(Int32(12)) + le32(UInt32(0x1_0001))
            + le32(UInt32(0)) + attrString(3, "mrtx") + attr(16, [9]))
        let link = try #require(try NetlinkSession(socket: MockNetlinkSocket(replies: [reply])).link(named: "mrtx"))
        #expect(link == NetworkLink(index: 12, name: "mrtx", flags: 0x1_0001, operationalState: .unknown))
        #expect(link.isUp && link.hasCarrier)
    }

    @Test func nestedFlagOnLinkInfoIsIgnored() throws {
        // Some senders mark IFLA_LINKINFO with NLA_F_NESTED (0x8000); the kind must still be found.
        let linkInfo = attr(18 | 0x8000, attrString(1, "bridge"))
        let reply = message(type: 16, sequence: 1, ifinfomsg(index: 3) + attrString(3, "mrtbr0") + linkInfo
            + attr(10, le32(UInt32(0))))
        let link = try #require(try NetlinkSession(socket: MockNetlinkSocket(replies: [reply])).link(named: "mrtbr0"))
        #expect(link.kind == "bridge")
        #expect(link.masterIndex == nil)  // IFLA_MASTER 0 means none
    }

    @Test func linkDumpSkipsOtherMessageTypes() throws {
        let socket = MockNetlinkSocket(replies: [
            message(type: 1, flags: NLM_F_MULTI, sequence: 1, []),  // NLMSG_NOOP
            newLink(sequence: 1, index: 1, name: "lo", flags: NLM_F_MULTI),
            done(sequence: 1),
        ])
        #expect(try NetlinkSession(socket: socket).links().map(\.name) == ["lo"])
    }

    @Test func routeTableAboveTwoFiftyFiveComesFromRTATable() throws {
        // rtm_table 252 (RT_TABLE_COMPAT) with RTA_TABLE 1000, as the kernel reports a large table: not main.
        let dump = { (sequence: UInt32) -> [[UInt8]] in
            let other = message(type: 24, flags: NLM_F_MULTI, sequence: sequence,
                                [2, 24, 0, 0, 252, 4, 253, 1] + le32(UInt32(0)) + attr(15, le32(UInt32(1000)))
                                + attr(1, [10, 213, 5, 0]) + attr(4, le32(UInt32(2))))
            let main = message(type: 24, flags: NLM_F_MULTI, sequence: sequence,
                               [2, 24, 0, 0, 254, 4, 253, 1] + le32(UInt32(0)) + attr(1, [10, 213, 6, 0])
                               + attr(4, le32(UInt32(2))) + attr(6, le32(UInt32(100))))
            return [other + main, done(sequence: sequence)]
        }
        let socket = MockNetlinkSocket(replies: dump(1) + dump(2))
        let session = NetlinkSession(socket: socket)
        #expect(try session.routes() == [IPv4Route(destination: try IPv4Network(parsing: "10.213.6.0/24"),
                                                   outputLinkIndex: 2, metric: 100, table: 254, routeProtocol: 4,
                                                   scope: 253, type: 1)])
        #expect(try session.routes(table: 1000).map(\.destination) == [try IPv4Network(parsing: "10.213.5.0/24")])
    }

    @Test func addressReplyWithoutAnAddressIsAnError() {
        let reply = message(type: 20, flags: NLM_F_MULTI, sequence: 1, [2, 24, 0, 0] + le32(UInt32(2)) + attrString(3, "x"))
        let socket = MockNetlinkSocket(replies: [reply, done(sequence: 1)])
        #expect(throws: NetlinkMessageError.self) { try NetlinkSession(socket: socket).addresses() }
    }
}
