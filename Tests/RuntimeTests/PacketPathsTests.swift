import Netns
import Testing
@testable import Runtime

/// The paths as `network diagram --paths` draws them from a table listing, without a kernel.
@Suite struct PacketPathsRenderTests {
    static let bridge = NetworkRecord(
        name: "bridge", id: String(repeating: "a", count: 64), subnet: IPv4Network("172.17.0.0/16")!,
        gateway: IPv4Address(172, 17, 0, 1), bridge: "minirun0", created: .zero, isDefault: true)

    static let listing = FirewallListing(parsing: """
        table ip minirun {
        \tchain prerouting {
        \t\ttype nat hook prerouting priority dstnat - 10; policy accept;
        \t\tfib daddr type local jump published_ports
        \t}
        \tchain output {
        \t\ttype nat hook output priority -110; policy accept;
        \t\tfib daddr type local jump published_ports
        \t}
        \tchain published_ports {
        \t\ttcp dport 8080 dnat to 172.17.0.3:80
        \t}
        \tchain postrouting {
        \t\ttype nat hook postrouting priority srcnat - 10; policy accept;
        \t\tip saddr 172.17.0.0/16 oifname != "minirun0" masquerade
        \t\toifname "minirun0" ct status dnat ip saddr { 127.0.0.0/8, 172.17.0.0/16 } masquerade
        \t}
        }
        """)

    func paths(_ port: PublishedPort, listing: FirewallListing? = listing, sysctl: String = "1") -> String {
        PacketPaths(table: "minirun", listing: listing, networks: [Self.bridge], sysctl: { _ in sysctl })
            .render([PacketPaths.Published(container: "web", port: port, address: IPv4Address(172, 17, 0, 3), network: Self.bridge)])
    }

    @Test func aPathStopsWhereItsRuleIsMissing() {
        let withoutOutput = FirewallListing(parsing: Self.listing.chains.filter { $0.name != "output" }.map { chain in
            "chain \(chain.name) {\n" + (chain.hook.map { "type \(chain.type ?? "") hook \($0) priority 0;\n" } ?? "")
                + chain.rules.joined(separator: "\n") + "\n}"
        }.joined(separator: "\n"))
        let text = paths(PublishedPort(hostPort: 8080, containerPort: 80), listing: withoutOutput)
        #expect(text.contains("""
            1. From the host itself, to 127.0.0.1:8080
               nat output        no rule jumps to published_ports: not translated
               so it does not reach web 172.17.0.3:80
            """), "\(text)")
        #expect(text.contains("2. From another host, to one of this host's addresses, port 8080\n   nat prerouting    fib daddr"), "\(text)")
    }

    @Test func noTableNoRuleAndLoopbackOnly() {
        #expect(paths(PublishedPort(hostPort: 8080, containerPort: 80), listing: nil)
            .contains("table minirun does not exist: nothing is translated, no path reaches web"))
        #expect(paths(PublishedPort(hostPort: 9090, containerPort: 80))
            .contains("no rule of table minirun translates tcp port 9090: no path reaches web"))
        let loopback = paths(PublishedPort(hostIP: IPv4Address(127, 0, 0, 1), hostPort: 8080, containerPort: 80))
        #expect(loopback.contains("no rule of table minirun translates tcp port 8080"), "the rule has no ip daddr: \(loopback)")
    }

    @Test func aSysctlThatIsOffShows() {
        #expect(paths(PublishedPort(hostPort: 8080, containerPort: 80), sysctl: "0")
            .contains("needs net.ipv4.ip_forward=1 (the host routes between its interfaces): it is 0, so this path is closed"))
    }
}
