import Testing
@testable import Netns

/// `nft list table` as nft 1.0.6 (Debian 12) prints minirun's table: what `network diagram --paths` reads.
@Suite struct FirewallListingTests {
    static let listing = """
        table ip minirun {
        \tchain prerouting {
        \t\ttype nat hook prerouting priority dstnat - 10; policy accept;
        \t\tfib daddr type local jump published_ports
        \t}

        \tchain published_ports {
        \t\ttcp dport 8080 dnat to 172.17.0.3:80
        \t\tip daddr 127.0.0.1 udp dport 53 dnat to 172.17.0.4:53
        \t}

        \tchain forward {
        \t\ttype filter hook forward priority filter - 10; policy accept;
        \t\tct status dnat accept
        \t\tiifname "minirun0" oifname "br-0123456789ab" drop
        \t}
        }

        """

    @Test func chainsKeepTheirHookTypeAndRulesInOrder() {
        let parsed = FirewallListing(parsing: Self.listing)
        #expect(parsed.chains.map(\.name) == ["prerouting", "published_ports", "forward"])
        #expect(parsed.chain(named: "prerouting") == FirewallListing.Chain(
            name: "prerouting", hook: "prerouting", type: "nat", rules: ["fib daddr type local jump published_ports"]))
        #expect(parsed.chain(named: "published_ports") == FirewallListing.Chain(
            name: "published_ports", hook: nil, type: nil,
            rules: ["tcp dport 8080 dnat to 172.17.0.3:80", "ip daddr 127.0.0.1 udp dport 53 dnat to 172.17.0.4:53"]))
        #expect(parsed.chains(hookedTo: "forward").first?.rules.last == "iifname \"minirun0\" oifname \"br-0123456789ab\" drop")
    }

    @Test func noTableNoChains() {
        #expect(FirewallListing(parsing: "").chains.isEmpty)
    }
}
