import Testing
@testable import Netns

#if canImport(Glibc)
import Glibc
#endif
#if canImport(Foundation)
import Foundation
#endif

/// Against the real kernel, as root: links, addresses and routes on the host and in a namespace made by
/// the test. Only names starting with "mrt" and addresses of a free 10.213.x.0/24 are used; traffic goes
/// only between this host and the test's namespace. Each test removes what it made and checks that.
@Suite(.serialized, .enabled(if: isRoot, "needs root for CAP_NET_ADMIN and setns"))
struct NetlinkIntegrationTests {
    @Test func bridgeAndVethIntoANamespaceThenPingBothWays() throws {
        let host = try NetlinkSession()
        let subnet = try freeTestSubnet(host)
        let gateway = try #require(subnet.address(at: 1))
        let containerAddress = try #require(subnet.address(at: 2))
        let bridge = "mrtbr\(testSuffix)"
        let hostEnd = "mrtv\(testSuffix)"
        let peerMAC = try MACAddress(parsing: "02:42:0a:d5:00:02")
        let namespace = try TestNetworkNamespace(name: "mrt-ping-\(testSuffix)")
        defer {
            try? host.deleteLink(named: hostEnd)
            try? host.deleteLink(named: bridge)
            try? namespace.remove()
        }

        // Host side: the bridge with the gateway address, the way the runtime sets up minirun0.
        try host.createBridge(named: bridge)
        try host.addAddress(gateway, prefixLength: subnet.prefixLength, toLink: bridge)
        try host.setLinkUp(bridge)
        // The veth peer is born inside the namespace as eth0 with its MAC; eth0 on the host is not touched.
        let hostEth0Before = try host.link(named: "eth0")
        try host.createVethPair(named: hostEnd, peerName: "eth0", peerMACAddress: peerMAC,
                                peerNamespaceFD: namespace.fd)
        #expect(try host.link(named: "eth0") == hostEth0Before)
        try host.setMaster(of: hostEnd, to: bridge)
        try host.setLinkUp(hostEnd)
        try host.setHairpin(of: hostEnd, enabled: true)
        try host.setIsolated(hostEnd, enabled: true)

        // Inside the namespace, over a socket opened there.
        let inside = try NetlinkSession(namespacePath: namespace.path)
        let eth0 = try #require(try inside.link(named: "eth0"))
        #expect(eth0.kind == "veth")
        #expect(eth0.macAddress == peerMAC)
        try inside.setLinkUp("lo")
        try inside.addAddress(containerAddress, prefixLength: subnet.prefixLength, toLink: "eth0")
        try inside.setLinkUp("eth0")
        try inside.addDefaultRoute(via: gateway)

        // What the kernel reports back.
        let bridgeLink = try #require(try host.link(named: bridge))
        let hostEndLink = try #require(try host.link(named: hostEnd))
        #expect(bridgeLink.kind == "bridge")
        #expect(hostEndLink.kind == "veth")
        #expect(hostEndLink.masterIndex == bridgeLink.index)
        #expect(hostEndLink.isUp)
        #expect(try host.links().contains { $0.index == hostEndLink.index && $0.name == hostEnd })
        #expect(try String(contentsOfFile: "/sys/class/net/\(hostEnd)/brport/hairpin_mode", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines) == "1")
        #expect(try String(contentsOfFile: "/sys/class/net/\(hostEnd)/brport/isolated", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines) == "1")
        #expect(try host.addresses(ofLink: bridge) == [InterfaceAddress(
            linkIndex: bridgeLink.index, address: gateway, prefixLength: subnet.prefixLength,
            broadcast: subnet.broadcastAddress, label: bridge)])
        #expect(try host.routes(overlapping: subnet).map(\.outputLinkIndex) == [bridgeLink.index])
        #expect(try inside.addresses(ofLink: "eth0").map(\.address) == [containerAddress])
        let insideRoutes = try inside.routes()
        #expect(insideRoutes.contains { $0.isDefault && $0.gateway == gateway && $0.outputLinkIndex == eth0.index })
        #expect(insideRoutes.contains { $0.destination == subnet && $0.outputLinkIndex == eth0.index })

        // Carrier reaches the bridge port asynchronously (linkwatch); wait for it, then ping both ways.
        #expect(try waitUntil { try host.link(named: hostEnd)?.operationalState == .up })
        let fromNamespace = try run(["/usr/sbin/ip", "netns", "exec", namespace.name,
                                     "/usr/bin/ping", "-n", "-c", "1", "-w", "10", "\(gateway)"])
        #expect(fromNamespace.status == 0, "\(fromNamespace.output)")
        let fromHost = try run(["/usr/bin/ping", "-n", "-c", "1", "-w", "10", "-I", bridge, "\(containerAddress)"])
        #expect(fromHost.status == 0, "\(fromHost.output)")

        // Teardown: deleting the host end removes eth0 in the namespace too; then the bridge and namespace.
        try host.deleteLink(named: hostEnd)
        #expect(try inside.link(named: "eth0") == nil)
        try host.deleteLink(named: bridge)
        try host.deleteLink(named: bridge)  // idempotent
        try namespace.remove()
        #expect(try host.link(named: bridge) == nil)
        #expect(try host.link(named: hostEnd) == nil)
        #expect(try host.links().allSatisfy { !$0.name.hasSuffix(testSuffix) || !$0.name.hasPrefix("mrt") })
        #expect(try host.routes(overlapping: subnet).isEmpty)
        #expect(!namespace.exists)
    }

    @Test func vethWithBothEndsHereThenMoveRenameAndMTU() throws {
        let host = try NetlinkSession()
        let left = "mrta\(testSuffix)"
        let right = "mrtb\(testSuffix)"
        let namespace = try TestNetworkNamespace(name: "mrt-move-\(testSuffix)")
        defer {
            try? host.deleteLink(named: left)
            try? host.deleteLink(named: right)
            try? namespace.remove()
        }

        try host.createVethPair(named: left, peerName: right, mtu: 1400)
        let leftLink = try #require(try host.link(named: left))
        let rightLink = try #require(try host.link(named: right))
        #expect(leftLink.parentIndex == rightLink.index)
        #expect(rightLink.parentIndex == leftLink.index)
        #expect(leftLink.mtu == 1400 && rightLink.mtu == 1400)
        #expect(leftLink.macAddress?.isLocallyAdministered == true)

        try host.moveLink(right, toNamespaceFD: namespace.fd)
        #expect(try host.link(named: right) == nil)
        let inside = try NetlinkSession(namespacePath: namespace.path)
        #expect(try inside.link(named: right) != nil)
        try inside.renameLink(right, to: "eth1")
        try inside.setMTU(of: "eth1", to: 1300)
        let renamed = try #require(try inside.link(named: "eth1"))
        #expect(renamed.mtu == 1300)
        #expect(try inside.link(named: right) == nil)
        try inside.setLinkUp("eth1")
        #expect(try inside.link(named: "eth1")?.isUp == true)
        try inside.setLinkDown("eth1")
        #expect(try inside.link(named: "eth1")?.isUp == false)

        // A name that is taken is refused by the kernel, and the error says what was attempted.
        #expect(throws: NetlinkError(operation: "RTM_NEWLINK \(left) name lo", errno: EEXIST)) {
            try host.renameLink(left, to: "lo")
        }

        try host.deleteLink(named: left)
        #expect(try inside.link(named: "eth1") == nil)
        try namespace.remove()
        #expect(try host.link(named: left) == nil)
        #expect(!namespace.exists)
    }

    @Test func kernelErrorsCarryErrnoAndOperation() throws {
        let host = try NetlinkSession()
        let bridge = "mrte\(testSuffix)"
        defer { try? host.deleteLink(named: bridge) }

        try host.createBridge(named: bridge)
        do {
            try host.createBridge(named: bridge)
            Issue.record("creating \(bridge) twice succeeded")
        } catch let error as NetlinkError {
            #expect(error.errno == EEXIST)
            #expect(error.operation == "RTM_NEWLINK \(bridge)")
            #expect(error.description.hasPrefix("RTM_NEWLINK \(bridge): File exists"))
        }
        try host.deleteLink(named: bridge)
        #expect(throws: NetlinkError(operation: "RTM_NEWLINK \(bridge) up", errno: ENODEV)) {
            try host.setLinkUp(bridge)
        }
        #expect(try host.linkIndex(named: bridge) == nil)
        try host.deleteLink(named: bridge)
        #expect(throws: NetlinkError(operation: "RTM_GETLINK \(bridge)", errno: ENODEV)) {
            try host.setMaster(of: "mrtf\(testSuffix)", to: bridge)
        }
    }

    @Test func socketInAnotherNamespaceLeavesThisThreadWhereItWas() throws {
        let namespace = try TestNetworkNamespace(name: "mrt-sock-\(testSuffix)")
        defer { try? namespace.remove() }

        let before = currentThreadNetworkNamespace()
        let byPath = try NetlinkSession(namespacePath: namespace.path)
        #expect(currentThreadNetworkNamespace() == before)
        let byFD = NetlinkSession(socket: try RouteNetlinkSocket(namespaceFD: namespace.fd))
        #expect(currentThreadNetworkNamespace() == before)

        // A fresh namespace holds only lo, seen from both sockets; the host sees more.
        #expect(try byPath.links().map(\.name) == ["lo"])
        #expect(try byFD.links().map(\.name) == ["lo"])
        #expect(try NetlinkSession().links().count > 1)

        #expect(throws: NetlinkError(operation: "socket(AF_NETLINK) in /run/netns/mrt-none", errno: ENOENT)) {
            try RouteNetlinkSocket(namespacePath: "/run/netns/mrt-none")
        }
        #expect(currentThreadNetworkNamespace() == before)
        try namespace.remove()
        #expect(!namespace.exists)
    }
}
