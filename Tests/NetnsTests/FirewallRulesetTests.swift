import Testing
import Netns

/// The rendered script is the contract with nft: these tests pin it down line by line.
@Suite struct FirewallRulesetTests {
    static let defaultBridge = FirewallRuleset.Bridge(name: "minirun0", subnet: IPv4Network("172.17.0.0/16")!)
    static let userBridge = FirewallRuleset.Bridge(name: "br-0123456789ab", subnet: IPv4Network("172.18.0.0/16")!)
    static let webServer = FirewallRuleset.PortForward(
        PublishedPort(hostPort: 18080, containerPort: 80), to: IPv4Address(172, 17, 0, 3), on: "minirun0")

    @Test func nothingToRenderDeletesTheTable() throws {
        let ruleset = try FirewallRuleset(tableName: "minirun_1a2b3c4d")
        #expect(ruleset.isEmpty)
        #expect(ruleset.script == """
            # No minirun network needs rules: remove minirun's table (declared first so that
            # the delete succeeds when there is none).
            table ip minirun_1a2b3c4d
            delete table ip minirun_1a2b3c4d

            """)
    }

    @Test func oneBridgeWithoutPortsOnlyMasquerades() throws {
        let ruleset = try FirewallRuleset(tableName: "minirun", bridges: [Self.defaultBridge])
        #expect(!ruleset.isEmpty)
        #expect(ruleset.script == """
            # All of minirun's rules live in this one table, replaced as a whole in one transaction
            # (declared first so that the delete succeeds when there is none yet).
            table ip minirun
            delete table ip minirun
            table ip minirun {
            \t# Priorities -110, 90 and -10 run these chains just before the standard nat and filter
            \t# chains of other tables (iptables-nft, Docker), so minirun translates its own traffic first.
            \t# Containers reach other networks with the host's address. Connections to published ports
            \t# from 127.0.0.1 or from the container's own network get the gateway's address, so replies
            \t# come back through the host to be translated.
            \tchain postrouting {
            \t\ttype nat hook postrouting priority 90; policy accept;
            \t\tip saddr 172.17.0.0/16 oifname != "minirun0" masquerade
            \t}
            }

            """)
    }

    @Test func defaultAndUserNetworkWithAPublishedPort() throws {
        let ruleset = try FirewallRuleset(tableName: "minirun", bridges: [Self.defaultBridge, Self.userBridge],
                                          portForwards: [Self.webServer])
        #expect(ruleset.script == """
            # All of minirun's rules live in this one table, replaced as a whole in one transaction
            # (declared first so that the delete succeeds when there is none yet).
            table ip minirun
            delete table ip minirun
            table ip minirun {
            \t# Priorities -110, 90 and -10 run these chains just before the standard nat and filter
            \t# chains of other tables (iptables-nft, Docker), so minirun translates its own traffic first.
            \t# Published ports: connections to this host's addresses from other hosts and containers
            \tchain prerouting {
            \t\ttype nat hook prerouting priority -110; policy accept;
            \t\tfib daddr type local jump published_ports
            \t}
            \t# ... and from the host itself, 127.0.0.1 included
            \tchain output {
            \t\ttype nat hook output priority -110; policy accept;
            \t\tfib daddr type local jump published_ports
            \t}
            \tchain published_ports {
            \t\ttcp dport 18080 dnat to 172.17.0.3:80
            \t}
            \t# Containers reach other networks with the host's address. Connections to published ports
            \t# from 127.0.0.1 or from the container's own network get the gateway's address, so replies
            \t# come back through the host to be translated.
            \tchain postrouting {
            \t\ttype nat hook postrouting priority 90; policy accept;
            \t\tip saddr 172.17.0.0/16 oifname != "minirun0" masquerade
            \t\tip saddr 172.18.0.0/16 oifname != "br-0123456789ab" masquerade
            \t\toifname "minirun0" ct status dnat ip saddr { 127.0.0.0/8, 172.17.0.0/16 } masquerade
            \t}
            \t# Networks are isolated from each other; published ports stay reachable from all of them.
            \tchain forward {
            \t\ttype filter hook forward priority -10; policy accept;
            \t\tct status dnat accept
            \t\tiifname "minirun0" oifname { "br-0123456789ab" } drop
            \t\tiifname "br-0123456789ab" oifname { "minirun0" } drop
            \t}
            }

            """)
    }

    @Test func hostAddressUDPAndThreeNetworks() throws {
        let third = FirewallRuleset.Bridge(name: "br-ba9876543210", subnet: IPv4Network("10.99.0.0/24")!)
        let dns = FirewallRuleset.PortForward(
            try PublishedPort(parsing: "192.0.2.2:5353:53/udp"), to: IPv4Address(10, 99, 0, 2), on: third.name)
        let ruleset = try FirewallRuleset(tableName: "minirun", bridges: [Self.defaultBridge, Self.userBridge, third],
                                          portForwards: [Self.webServer, dns])
        let lines = ruleset.script.split(separator: "\n").map(String.init)
        let chain = { (name: String) -> [String] in
            let start = lines.firstIndex(of: "\tchain \(name) {")!
            return Array(lines[(start + 1)...].prefix { $0 != "\t}" })
        }
        #expect(chain("published_ports") == [
            "\t\ttcp dport 18080 dnat to 172.17.0.3:80",
            "\t\tip daddr 192.0.2.2 udp dport 5353 dnat to 10.99.0.2:53",
        ])
        #expect(chain("postrouting").suffix(2) == [
            "\t\toifname \"minirun0\" ct status dnat ip saddr { 127.0.0.0/8, 172.17.0.0/16 } masquerade",
            "\t\toifname \"br-ba9876543210\" ct status dnat ip saddr { 127.0.0.0/8, 10.99.0.0/24 } masquerade",
        ])
        #expect(chain("forward").suffix(3) == [
            "\t\tiifname \"minirun0\" oifname { \"br-0123456789ab\", \"br-ba9876543210\" } drop",
            "\t\tiifname \"br-0123456789ab\" oifname { \"minirun0\", \"br-ba9876543210\" } drop",
            "\t\tiifname \"br-ba9876543210\" oifname { \"minirun0\", \"br-0123456789ab\" } drop",
        ])
    }

    @Test func aNetworkWithoutMasqueradeLeavesWithItsOwnAddresses() throws {
        let unmasked = FirewallRuleset.Bridge(name: "br-3333bbbb4444", subnet: IPv4Network("10.97.0.0/24")!, masquerades: false)
        let ruleset = try FirewallRuleset(tableName: "minirun", bridges: [Self.defaultBridge, unmasked])
        let lines = ruleset.script.split(separator: "\n").map(String.init)
        #expect(lines.contains("\t\tip saddr 172.17.0.0/16 oifname != \"minirun0\" masquerade"))
        #expect(!lines.contains { $0.contains("10.97.0.0/24") }, "\(ruleset.script)")
        #expect(lines.contains("\t\tiifname \"br-3333bbbb4444\" oifname { \"minirun0\" } drop"), "still isolated from the others")
    }

    @Test func anInternalNetworkIsNeitherMasqueradedNorForwarded() throws {
        let closed = FirewallRuleset.Bridge(name: "br-1111aaaa2222", subnet: IPv4Network("10.98.0.0/24")!, isInternal: true)
        let ruleset = try FirewallRuleset(tableName: "minirun", bridges: [Self.defaultBridge, closed], portForwards: [Self.webServer])
        let lines = ruleset.script.split(separator: "\n").map(String.init)
        #expect(!lines.contains { $0.contains("10.98.0.0/24") }, "no masquerade, no DNAT for it")
        let start = try #require(lines.firstIndex(of: "\tchain forward {"))
        let forward = Array(lines[(start + 1)...].prefix { $0 != "\t}" })
        // Its drops come before published ports are let through: not even those are reached from it.
        #expect(forward.suffix(5) == [
            "\t\tiifname \"br-1111aaaa2222\" oifname != \"br-1111aaaa2222\" drop",
            "\t\toifname \"br-1111aaaa2222\" iifname != \"br-1111aaaa2222\" drop",
            "\t\tct status dnat accept",
            "\t\tiifname \"minirun0\" oifname { \"br-1111aaaa2222\" } drop",
            "\t\tiifname \"br-1111aaaa2222\" oifname { \"minirun0\" } drop",
        ])
        // Alone, it still gets its forward chain (one bridge otherwise has none).
        let alone = try FirewallRuleset(tableName: "minirun", bridges: [closed]).script
        #expect(alone.contains("\tchain forward {") && !alone.contains("masquerade"))
        let forwardToIt = FirewallRuleset.PortForward(Self.webServer.port, to: IPv4Address(10, 98, 0, 2), on: closed.name)
        #expect(throws: FirewallError.internalBridge(closed.name, port: Self.webServer.port)) {
            try FirewallRuleset(tableName: "minirun", bridges: [closed], portForwards: [forwardToIt])
        }
    }

    @Test(arguments: ["", "1minirun", "mini-run", "minirun table", "minirun;flush", String(repeating: "m", count: 65)])
    func refusesTableNamesNftWouldMisread(name: String) {
        #expect(throws: FirewallError.invalidTableName(name)) { try FirewallRuleset(tableName: name) }
    }

    @Test(arguments: ["", "br\"0", "br 0", "br/0", "..", "bridge-name-too-long", "brü"])
    func refusesInterfaceNamesThatCouldEscapeQuotes(name: String) {
        let bridge = FirewallRuleset.Bridge(name: name, subnet: IPv4Network("10.1.0.0/16")!)
        #expect(throws: FirewallError.invalidInterfaceName(name)) {
            try FirewallRuleset(tableName: "minirun", bridges: [bridge])
        }
    }

    @Test func refusesABridgeListedTwice() {
        #expect(throws: FirewallError.duplicateBridge("minirun0")) {
            try FirewallRuleset(tableName: "minirun", bridges: [Self.defaultBridge, Self.userBridge, Self.defaultBridge])
        }
    }

    @Test func refusesForwardsItCannotRender() throws {
        let unchosen = PublishedPort(hostPort: 0, containerPort: 80)
        let error = FirewallError.unresolvedHostPort(unchosen)
        #expect(throws: error) {
            try FirewallRuleset(tableName: "minirun", bridges: [Self.defaultBridge], portForwards: [
                FirewallRuleset.PortForward(unchosen, to: IPv4Address(172, 17, 0, 3), on: "minirun0"),
            ])
        }
        #expect(error.description == "cannot forward 0.0.0.0:0->80/tcp: the host port must be reserved first")
        #expect(throws: FirewallError.unknownBridge("minirun0", port: Self.webServer.port)) {
            try FirewallRuleset(tableName: "minirun", bridges: [Self.userBridge], portForwards: [Self.webServer])
        }
    }
}
