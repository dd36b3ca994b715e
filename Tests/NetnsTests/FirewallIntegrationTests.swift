import Testing
@testable import Netns

#if canImport(Glibc)
import Glibc
#endif

/// The rendered rules against the real kernel, as root, in a `FirewallLab`: namespaces for containers
/// and for another host, bridges and links named "mrf...", subnets of 10.214.0.0/16, a table of the
/// test's own. Each test first shows the traffic failing (or going elsewhere) without minirun's table,
/// so it can only pass because of the rules, then removes everything and checks nothing is left.
@Suite(.serialized, .enabled(if: isRoot && access("/usr/sbin/nft", X_OK) == 0, "needs root and nft"))
struct FirewallIntegrationTests {
    init() throws {
        // What the runtime does before it wires any container; like the runtime, leave it on.
        try Sysctl().enableIPv4Forwarding()
    }

    @Test func containersReachOtherHostsThroughMasquerade() throws {
        let lab = try FirewallLab()
        defer { try? lab.tearDown() }
        try lab.serve(in: lab.outside)
        let server = "\(lab.outsideAddress):80"

        // The outside host has no route back to the container's subnet.
        #expect(try lab.fetch(from: lab.c1, server) == nil)

        try Firewall().apply(try FirewallRuleset(tableName: lab.table, bridges: lab.bridges))
        #expect(try lab.fetch(from: lab.c1, server) == lab.hostAddress)
        #expect(try lab.fetch(from: lab.c3, server) == lab.hostAddress)

        try lab.tearDown()
        #expect(try lab.leftovers() == [])
    }

    @Test func publishedPortsFromAnotherHostReachTheContainer() throws {
        let lab = try FirewallLab()
        defer { try? lab.tearDown() }
        try lab.serve(in: lab.c1)
        // Held like the runtime holds it while the container runs: the socket must not get in the way.
        let reservation = try PortReservation(PublishedPort(hostPort: 0, containerPort: 80))
        defer { reservation.release() }
        let port = reservation.port.hostPort
        // A second port, published on the gateway address of bridge A only.
        let gatewayOnly = PublishedPort(hostIP: lab.gateway(lab.subnetA), hostPort: port &+ 1, containerPort: 80)
        let ruleset = try FirewallRuleset(tableName: lab.table, bridges: lab.bridges, portForwards: [
            FirewallRuleset.PortForward(reservation.port, to: lab.c1Address, on: lab.bridgeA),
            FirewallRuleset.PortForward(gatewayOnly, to: lab.c1Address, on: lab.bridgeA),
        ])

        #expect(try lab.fetch(from: lab.outside, "\(lab.hostAddress):\(port)") == nil)

        try Firewall().apply(ruleset)
        // The container sees the real client, as with Docker.
        #expect(try lab.fetch(from: lab.outside, "\(lab.hostAddress):\(port)") == lab.outsideAddress)
        // Published on another address only: not on the one the outside host reaches.
        #expect(try lab.fetch(from: lab.outside, "\(lab.hostAddress):\(gatewayOnly.hostPort)") == nil)
        #expect(try lab.fetch(from: nil, "\(lab.gateway(lab.subnetA)):\(gatewayOnly.hostPort)") != nil)

        reservation.release()
        try lab.tearDown()
        #expect(try lab.leftovers() == [])
    }

    @Test func publishedPortsFromTheHostItselfIncludingLoopback() throws {
        let lab = try FirewallLab()
        defer { try? lab.tearDown() }
        try lab.serve(in: lab.c1)
        let port: UInt16 = 18080
        let ruleset = try FirewallRuleset(tableName: lab.table, bridges: lab.bridges, portForwards: [
            FirewallRuleset.PortForward(PublishedPort(hostPort: port, containerPort: 80), to: lab.c1Address,
                                        on: lab.bridgeA),
        ])
        #expect(try lab.fetch(from: nil, "127.0.0.1:\(port)") == nil)

        try Sysctl().enableRouteLocalnet(on: lab.bridgeA)
        try Firewall().apply(ruleset)
        // 127.0.0.1 cannot be a source on the bridge: it is masqueraded to the gateway's address.
        #expect(try lab.fetch(from: nil, "127.0.0.1:\(port)") == lab.gateway(lab.subnetA))
        // To one of the host's own addresses the host's address stays the source.
        #expect(try lab.fetch(from: nil, "\(lab.hostAddress):\(port)") == lab.hostAddress)

        try lab.tearDown()
        #expect(try lab.leftovers() == [])
    }

    @Test func containersReachPublishedPortsThroughTheirGateway() throws {
        let lab = try FirewallLab()
        defer { try? lab.tearDown() }
        try lab.serve(in: lab.c1)
        let port: UInt16 = 18081
        let ruleset = try FirewallRuleset(tableName: lab.table, bridges: lab.bridges, portForwards: [
            FirewallRuleset.PortForward(PublishedPort(hostPort: port, containerPort: 80), to: lab.c1Address,
                                        on: lab.bridgeA),
        ])
        #expect(try lab.fetch(from: lab.c2, "\(lab.gateway(lab.subnetA)):\(port)") == nil)

        try Firewall().apply(ruleset)
        // Hairpin: c2 and c1 share the bridge. Masqueraded to the gateway, so c1's reply goes back through
        // the host to be un-DNATed instead of straight to c2 over the bridge (which c2 would refuse).
        #expect(try lab.fetch(from: lab.c2, "\(lab.gateway(lab.subnetA)):\(port)") == lab.gateway(lab.subnetA))
        // From the other network too: published ports are public, isolation does not hide them.
        #expect(try lab.fetch(from: lab.c3, "\(lab.gateway(lab.subnetB)):\(port)") == lab.gateway(lab.subnetA))

        try lab.tearDown()
        #expect(try lab.leftovers() == [])
    }

    @Test func bridgesAreIsolatedFromEachOther() throws {
        let lab = try FirewallLab()
        defer { try? lab.tearDown() }
        try lab.serve(in: lab.c1)
        try lab.serve(in: lab.c3)
        try lab.serve(in: lab.outside)

        #expect(try lab.fetch(from: lab.c1, "\(lab.c3Address):80") == lab.c1Address)
        #expect(try lab.fetch(from: lab.c3, "\(lab.c1Address):80") == lab.c3Address)

        try Firewall().apply(try FirewallRuleset(tableName: lab.table, bridges: lab.bridges))
        #expect(try lab.fetch(from: lab.c1, "\(lab.c3Address):80") == nil)
        #expect(try lab.fetch(from: lab.c3, "\(lab.c1Address):80") == nil)
        // Within a network and out of it, all is allowed.
        #expect(try lab.fetch(from: lab.c2, "\(lab.c1Address):80") == lab.c2Address)
        #expect(try lab.fetch(from: lab.c1, "\(lab.outsideAddress):80") == lab.hostAddress)

        try Firewall().removeTable(named: lab.table)
        #expect(try lab.fetch(from: lab.c1, "\(lab.c3Address):80") == lab.c1Address)

        try lab.tearDown()
        #expect(try lab.leftovers() == [])
    }
}
