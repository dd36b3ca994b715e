import Foundation
import TestSupport
import Testing

/// `network diagram --paths` and `--modes`: the paths come from the live nftables rules, so they
/// change when the rules do.
@Suite(.enabled(if: isRoot, "needs root"))
struct PacketPathsTests {
    /// This sandbox's nftables table as nft lists it.
    func liveTable(_ box: Sandbox) throws -> String {
        let bridge = try box.inspectNetwork("bridge").bridge
        return Command.run("/usr/sbin/nft", ["-a", "list", "table", "ip", "minirun_" + bridge.dropFirst(2)]).out
    }

    /// The chain of the live table that holds the first rule containing `piece`, with the rule's handle.
    func chainAndHandle(holding piece: String, in table: String) -> (chain: String, handle: String)? {
        var chain = ""
        for line in table.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            if line.hasPrefix("chain ") { chain = String(line.dropFirst(6).prefix { $0 != " " }) }
            if line.contains(piece), let handle = line.components(separatedBy: "# handle ").last, line.contains("# handle ") {
                return (chain, handle)
            }
        }
        return nil
    }

    @Test func noPublishedPortNoPath() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-d", "--name", "quiet", "busybox", "sleep", "300"]).code == 0)
        let paths = box.run(["network", "diagram", "--paths"])
        #expect(paths.code == 0, "\(paths.err)")
        #expect(paths.out == "No running container publishes a port (-p HOST:CONTAINER), so no packet takes these paths.\n")
    }

    @Test func eachPathNamesTheLiveChainAndRule() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let port = 20006 + box.subnetOctet * 10
        #expect(box.run(["run", "-d", "--name", "served", "-p", "\(port):80", "busybox", "sleep", "300"]).code == 0)
        let bridge = try box.inspectNetwork("bridge")
        let address = box.address(of: "served")
        let dnat = "tcp dport \(port) dnat to \(address):80"
        let held = try #require(chainAndHandle(holding: dnat, in: try liveTable(box)), "the DNAT rule is in the table")
        var paths = box.run(["network", "diagram", "--paths"]).out
        #expect(paths.contains("served publishes 0.0.0.0:\(port)->80/tcp"), "\(paths)")
        // The DNAT rule on every path, under the chain that holds it; reached from both nat hooks.
        let dnatLines = paths.split(separator: "\n").filter { $0.hasSuffix(dnat) }
        #expect(dnatLines.count == 3, "paths 1-3 (no other network for 4): \(paths)")
        #expect(dnatLines.allSatisfy { $0.trimmingCharacters(in: .whitespaces).hasPrefix(held.chain + " ") }, "\(paths)")
        #expect(paths.contains("nat output        fib daddr type local jump \(held.chain)"), "\(paths)")
        #expect(paths.contains("nat prerouting    fib daddr type local jump \(held.chain)"), "\(paths)")
        #expect(paths.contains("oifname \"\(bridge.bridge)\" ct status dnat ip saddr { 127.0.0.0/8, \(bridge.subnet ?? "") } masquerade"), "\(paths)")
        #expect(paths.contains("needs net.ipv4.conf.\(bridge.bridge).route_localnet=1 (127.0.0.1 may be routed out of the bridge): it is 1"), "\(paths)")
        #expect(paths.contains("needs net.ipv4.ip_forward=1 (the host routes between its interfaces): it is 1"), "\(paths)")
        #expect(paths.contains("4. From a container on another network: there is none"), "\(paths)")

        // A second network: the forward chain appears, and path 4 takes its accept ahead of the isolation drop.
        let other = box.uniqueName("other")
        #expect(box.run(["network", "create", "--subnet", box.subnet(6), other]).code == 0)
        let otherBridge = try box.inspectNetwork(other).bridge
        paths = box.run(["network", "diagram", "--paths"]).out
        #expect(paths.contains("4. From a container on \(other), through its gateway"), "\(paths)")
        #expect(paths.contains("filter forward    ct status dnat accept"), "\(paths)")
        #expect(paths.contains("(ahead of the isolation rule iifname \"\(otherBridge)\" oifname \"\(bridge.bridge)\" drop)"), "\(paths)")
        #expect(paths.contains("ip saddr \(box.subnet(6)) oifname != \"\(otherBridge)\" masquerade"), "\(paths)")

        // Rules changed by hand show: without its DNAT rule no path reaches the container. (The
        // table was replaced when the network was made: the rule's handle is read again.)
        let table = "minirun_" + bridge.bridge.dropFirst(2)
        let current = try #require(chainAndHandle(holding: dnat, in: try liveTable(box)))
        let deleted = Command.run("/usr/sbin/nft", ["delete", "rule", "ip", table, current.chain, "handle", current.handle])
        #expect(deleted.code == 0, "nft delete rule ip \(table) \(current.chain) handle \(current.handle): \(deleted.err)")
        paths = box.run(["network", "diagram", "--paths"]).out
        #expect(paths.contains("no rule of table \(table) translates tcp port \(port): no path reaches served"), "\(paths)")
        #expect(!paths.contains(dnat), "\(paths)")
    }

    @Test func modesTableListsTheRunningContainersInEachMode() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-d", "--name", "bridged", "busybox", "sleep", "300"]).code == 0)
        #expect(box.run(["run", "-d", "--name", "alone", "--net=none", "busybox", "sleep", "300"]).code == 0)
        #expect(box.run(["run", "-d", "--name", "guest", "--net=container:bridged", "busybox", "sleep", "300"]).code == 0)
        // Cells as docker's tables separate them: by runs of three or more spaces.
        let rows = box.run(["network", "diagram", "--modes"]).out.split(separator: "\n").map { line in
            line.components(separatedBy: "   ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        #expect(rows.first == ["MODE", "OWN NETWORK NAMESPACE", "OWN ADDRESS", "REACHABLE ON HOST PORTS", "-p APPLIES", "CONTAINERS"])
        #expect(rows.contains { $0.first == "bridge, NETWORK" && $0.last == "bridged" && $0[4] == "yes" }, "\(rows)")
        #expect(rows.contains { $0.first == "container:NAME" && $0.last == "guest" && $0[4] == "no, refused" }, "\(rows)")
        #expect(rows.contains { $0.first == "none" && $0.last == "alone" && $0[4] == "no, ignored" }, "\(rows)")
        #expect(rows.contains { $0.first == "host" && $0.count == 5 }, "no container in host mode: \(rows)")
    }
}
