import Netns

#if canImport(Glibc)
import Glibc
#endif
#if canImport(Foundation)
import Foundation
#endif

/// A small world for firewall tests, made of this host and namespaces the lab creates; no packet ever
/// leaves the machine. Names start with "mrf", subnets are free /24s of 10.214.0.0/16:
///
///     c1 (.2) ─┐                       ┌─ c3 (.2)
///     c2 (.3) ─┴─ bridge A (.1)  host  bridge B (.1)
///                                 │ link O (.1)
///                              outside (.2), no route back to A or B
///
/// c1, c2 and c3 stand for containers, `outside` for another host. Servers are busybox httpd with a
/// CGI script that answers with the client address it sees, to tell NATed from direct traffic.
final class FirewallLab {
    let host: NetlinkSession
    let table = "minirun_test_\(testSuffix)"
    let bridgeA = "mrfa\(testSuffix)"
    let bridgeB = "mrfb\(testSuffix)"
    let outsideLink = "mrfo\(testSuffix)"
    let subnetA: IPv4Network
    let subnetB: IPv4Network
    let subnetO: IPv4Network
    let c1: TestNetworkNamespace
    let c2: TestNetworkNamespace
    let c3: TestNetworkNamespace
    let outside: TestNetworkNamespace
    private let hostEnds = ["mrf1\(testSuffix)", "mrf2\(testSuffix)", "mrf3\(testSuffix)"]
    private let webRoot: String
    private var servers: [Process] = []

    init() throws {
        host = try NetlinkSession()
        let subnets = try freeTestSubnets(count: 3, host)
        (subnetA, subnetB, subnetO) = (subnets[0], subnets[1], subnets[2])
        c1 = try TestNetworkNamespace(name: "mrf-c1-\(testSuffix)")
        c2 = try TestNetworkNamespace(name: "mrf-c2-\(testSuffix)")
        c3 = try TestNetworkNamespace(name: "mrf-c3-\(testSuffix)")
        outside = try TestNetworkNamespace(name: "mrf-out-\(testSuffix)")
        webRoot = FileManager.default.temporaryDirectory.appendingPathComponent("mrf-www-\(testSuffix)").path
        do {
            try build()
        } catch {
            try? tearDown()
            throw error
        }
    }

    /// The bridges as the ruleset knows them.
    var bridges: [FirewallRuleset.Bridge] {
        [FirewallRuleset.Bridge(name: bridgeA, subnet: subnetA), FirewallRuleset.Bridge(name: bridgeB, subnet: subnetB)]
    }

    func gateway(_ subnet: IPv4Network) -> IPv4Address { subnet.address(at: 1)! }
    var c1Address: IPv4Address { subnetA.address(at: 2)! }
    var c2Address: IPv4Address { subnetA.address(at: 3)! }
    var c3Address: IPv4Address { subnetB.address(at: 2)! }
    /// The host's address as the outside namespace sees it.
    var hostAddress: IPv4Address { subnetO.address(at: 1)! }
    var outsideAddress: IPv4Address { subnetO.address(at: 2)! }

    private func build() throws {
        try FileManager.default.createDirectory(atPath: webRoot + "/cgi-bin", withIntermediateDirectories: true)
        let script = webRoot + "/cgi-bin/addr"
        try "#!/bin/busybox sh\necho 'Content-Type: text/plain'\necho\necho \"$REMOTE_ADDR\"\n"
            .write(toFile: script, atomically: false, encoding: .utf8)
        chmod(script, 0o755)

        for (bridge, subnet) in [(bridgeA, subnetA), (bridgeB, subnetB)] {
            try host.createBridge(named: bridge)
            try host.addAddress(gateway(subnet), prefixLength: subnet.prefixLength, toLink: bridge)
            try host.setLinkUp(bridge)
        }
        try attach(c1, as: c1Address, through: hostEnds[0], to: bridgeA, subnetA)
        try attach(c2, as: c2Address, through: hostEnds[1], to: bridgeA, subnetA)
        try attach(c3, as: c3Address, through: hostEnds[2], to: bridgeB, subnetB)

        // The outside namespace knows only its own link: replies to a container address have no route.
        try host.createVethPair(named: outsideLink, peerName: "eth0", peerNamespaceFD: outside.fd)
        try host.addAddress(hostAddress, prefixLength: subnetO.prefixLength, toLink: outsideLink)
        try host.setLinkUp(outsideLink)
        let inside = try NetlinkSession(namespacePath: outside.path)
        try inside.setLinkUp("lo")
        try inside.addAddress(outsideAddress, prefixLength: subnetO.prefixLength, toLink: "eth0")
        try inside.setLinkUp("eth0")

        let hostLinks = [outsideLink] + hostEnds
        guard try waitUntil({ try hostLinks.allSatisfy { try host.link(named: $0)?.operationalState == .up } }) else {
            throw SetupError("the lab's links did not come up")
        }
    }

    /// A container: a veth from `bridge` into the namespace as eth0, with a default route via the gateway.
    private func attach(_ namespace: TestNetworkNamespace, as address: IPv4Address, through hostEnd: String,
                        to bridge: String, _ subnet: IPv4Network) throws {
        try host.createVethPair(named: hostEnd, peerName: "eth0", peerNamespaceFD: namespace.fd)
        try host.setMaster(of: hostEnd, to: bridge)
        try host.setLinkUp(hostEnd)
        let inside = try NetlinkSession(namespacePath: namespace.path)
        try inside.setLinkUp("lo")
        try inside.addAddress(address, prefixLength: subnet.prefixLength, toLink: "eth0")
        try inside.setLinkUp("eth0")
        try inside.addDefaultRoute(via: gateway(subnet))
    }

    /// Starts a web server on port 80 of the namespace and waits until it answers there.
    func serve(in namespace: TestNetworkNamespace) throws {
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
        server.arguments = ["netns", "exec", namespace.name, "/bin/busybox", "httpd", "-f", "-p", "80", "-h", webRoot]
        try server.run()
        servers.append(server)
        guard try waitUntil({ try fetch(from: namespace, "127.0.0.1:80") != nil }) else {
            throw SetupError("httpd in \(namespace.name) did not start")
        }
    }

    /// Asks the server at `address` ("10.214.0.2:80") from inside `namespace` (nil: from the host) and
    /// returns the client address it saw, or nil when no answer came.
    func fetch(from namespace: TestNetworkNamespace?, _ address: String) throws -> IPv4Address? {
        // SIGKILL for the same reason as in tearDown: wget inherits SIGTERM blocked.
        let wget = ["/usr/bin/timeout", "-s", "KILL", "3",
                    "/bin/busybox", "wget", "-q", "-O", "-", "http://\(address)/cgi-bin/addr"]
        let result = try run((namespace.map { ["/usr/sbin/ip", "netns", "exec", $0.name] } ?? []) + wget)
        guard result.status == 0 else { return nil }
        // busybox httpd listens on IPv6 too and reports IPv4 clients as "[::ffff:10.214.0.3]".
        let text = result.output.trimmingCharacters(in: .whitespacesAndNewlines)
        return IPv4Address(String(text.split(separator: ":").last?.dropLast() ?? ""))
    }

    /// Removes everything the lab made; safe to call twice.
    func tearDown() throws {
        // SIGKILL: a child of the test process inherits its blocked signals, SIGTERM among them.
        for server in servers where server.isRunning {
            kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
        }
        try? Firewall().removeTable(named: table)
        for link in hostEnds + [outsideLink, bridgeA, bridgeB] {
            try host.deleteLink(named: link)
        }
        for namespace in [c1, c2, c3, outside] {
            try namespace.remove()
        }
        try? FileManager.default.removeItem(atPath: webRoot)
    }

    /// What is left of the lab on this host, for the test to expect empty.
    func leftovers() throws -> [String] {
        var left = try host.links().map(\.name).filter { $0.hasPrefix("mrf") && $0.hasSuffix(testSuffix) }
        left += [c1, c2, c3, outside].filter(\.exists).map { "netns \($0.name)" }
        left += servers.filter(\.isRunning).map { "httpd pid \($0.processIdentifier)" }
        if nftTables().contains("table ip \(table)\n") { left.append("nft table \(table)") }
        if FileManager.default.fileExists(atPath: webRoot) { left.append(webRoot) }
        return left
    }
}

/// `count` /24s of 10.214.0.0/16 that nothing on this host routes yet.
func freeTestSubnets(count: Int, _ session: NetlinkSession) throws -> [IPv4Network] {
    var found: [IPv4Network] = []
    var candidate = try IPv4Network(parsing: "10.214.0.0/24")
    while found.count < count {
        if try session.routes(overlapping: candidate).isEmpty { found.append(candidate) }
        guard let next = candidate.next, next.networkAddress.networkBytes[1] == 214 else {
            throw SetupError("no \(count) free /24s left in 10.214.0.0/16")
        }
        candidate = next
    }
    return found
}
