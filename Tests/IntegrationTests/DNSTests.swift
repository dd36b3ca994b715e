import Foundation
import TestSupport
import Testing

/// The name servers of user-defined networks (minirun-dns), asked by busybox's nslookup inside
/// containers: names, short IDs and aliases coming and going, PTR, AAAA, NXDOMAIN, forwarding to an
/// upstream the test runs in a namespace of its own, and a responder killed and started again.
@Suite(.enabled(if: isRoot, "needs root"))
struct DNSTests {
    /// The addresses nslookup printed for the name it was asked, in order.
    static func addresses(_ out: String) -> [String] {
        out.split(separator: "\n").dropFirst(2).filter { $0.hasPrefix("Address:") || $0.hasPrefix("Address ") }
            .map { String($0.split(whereSeparator: { $0 == " " || $0 == "\t" }).last ?? "") }
    }

    @Test func containersFindEachOtherByNameIDAndAliasUntilTheyGo() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let net = box.uniqueName("dns")
        #expect(box.run(["network", "create", "--subnet", box.subnet(21), net]).code == 0)
        let gateway = try #require(try box.inspectNetwork(net).gateway)
        for name in ["web1", "web2"] {
            let started = box.run(["run", "-d", "--name", name, "--network", net, "--network-alias", "web", "busybox", "sleep", "300"])
            #expect(started.code == 0, "\(started.err)")
        }
        let web1 = box.address(of: "web1"), web2 = box.address(of: "web2")
        let id1 = String(box.run(["inspect", "-f", "{{.Id}}", "web1"]).out.prefix(12))
        #expect(box.run(["exec", "web1", "cat", "/etc/resolv.conf"]).out.contains("nameserver \(gateway)\n"))
        #expect(!box.run(["exec", "web1", "cat", "/etc/resolv.conf"]).out.contains("nameserver 8.8.8.8"), "its only nameserver")

        func ask(_ query: String) -> String { box.run(["exec", "web2", "nslookup"] + query.split(separator: " ").map(String.init) + [gateway]).out }
        #expect(Self.addresses(ask("web1")) == [web1])
        #expect(Self.addresses(ask(id1)) == [web1], "the short ID")
        #expect(Self.addresses(ask("WEB1")) == [web1], "names are case-insensitive")
        // Several containers behind one alias: all addresses, in turns.
        let first = Self.addresses(ask("-type=a web")), second = Self.addresses(ask("-type=a web"))
        #expect(Set(first) == [web1, web2] && first.count == 2)
        #expect(second == Array(first.reversed()), "rotated: \(first) then \(second)")
        #expect(ask("\(web1)").contains("name = web1"), "PTR")
        let aaaa = ask("-type=aaaa web1")
        #expect(!aaaa.contains("NXDOMAIN") && Self.addresses(aaaa).isEmpty, "AAAA of a known name is an empty NOERROR: \(aaaa)")
        #expect(ask("nosuch").contains("NXDOMAIN"))
        let unknownAddress = gateway.split(separator: ".").prefix(3).joined(separator: ".") + ".200"
        #expect(ask(unknownAddress).contains("NXDOMAIN"), "PTR of a free address of the subnet")

        // A name goes once its container is gone: the next query after rm returns.
        #expect(box.run(["rm", "-f", "web1"]).code == 0)
        #expect(ask("web1").contains("NXDOMAIN"), "\(box.processes.filter { $0.contains("minirun-dns") }) \(String(describing: try? FileManager.default.contentsOfDirectory(atPath: box.root + "/run/dns")))")
        #expect(Self.addresses(ask("-type=a web")) == [web2])
        // and comes with a new container.
        #expect(box.run(["run", "-d", "--name", "late", "--network", net, "busybox", "sleep", "300"]).code == 0)
        #expect(Self.addresses(ask("late")) == [box.address(of: "late")])
        // The default bridge keeps Docker's behaviour: the host's resolvers, no name server.
        #expect(!box.run(["run", "--rm", "busybox", "cat", "/etc/resolv.conf"]).out.contains(gateway))

        // The last container leaving takes the responder with it.
        #expect(box.run(["rm", "-f", "web2", "late"]).code == 0)
        #expect(eventually { !box.processes.contains { $0.contains("minirun-dns") } }, "\(box.processes)")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: box.root + "/run/dns")) ?? []).isEmpty)
    }

    /// `network connect --alias` gives a running container one more name on the name servers,
    /// as --network-alias does at `run`; the default bridge takes none, as in Docker.
    @Test func connectWithAnAliasAnswersForIt() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let net = box.uniqueName("dnsalias")
        #expect(box.run(["network", "create", "--subnet", box.subnet(22), net]).code == 0)
        let gateway = try #require(try box.inspectNetwork(net).gateway)
        #expect(box.run(["run", "-d", "--name", "asker", "--network", net, "busybox", "sleep", "300"]).code == 0)
        #expect(box.run(["run", "-d", "--name", "db", "busybox", "sleep", "300"]).code == 0)
        let refused = box.run(["network", "connect", "--alias", "x", "bridge", "asker"])
        #expect(refused.code != 0 && refused.err == "minirun: network-scoped alias is supported only for containers in user defined networks\n", "\(refused.err)")
        let connected = box.run(["network", "connect", "--alias", "database", "--alias", "store", net, "db"])
        #expect(connected.code == 0, "\(connected.err)")
        let address = box.run(["inspect", "-f", "{{(index .NetworkSettings.Networks \"\(net)\").IPAddress}}", "db"]).out.trimmingCharacters(in: .newlines)
        for name in ["database", "store", "db"] {
            #expect(Self.addresses(box.run(["exec", "asker", "nslookup", name, gateway]).out) == [address], "\(name)")
        }
        let bad = box.run(["network", "connect", "--alias", "a b", net, "db"])
        #expect(bad.code != 0 && bad.err.contains("Invalid network alias name (a b)"), "\(bad.err)")
    }

    @Test func aResponderKilledIsStartedAgainByNetworkInspectAndTheNextStart() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let net = box.uniqueName("dnskill")
        #expect(box.run(["network", "create", "--subnet", box.subnet(22), net]).code == 0)
        let gateway = try #require(try box.inspectNetwork(net).gateway)
        #expect(box.run(["run", "-d", "--name", "a", "--network", net, "busybox", "sleep", "300"]).code == 0)
        let pidfile = box.root + "/run/dns/\(net).pid"
        for revive in [["network", "inspect", net], ["run", "-d", "--name", "b", "--network", net, "busybox", "sleep", "300"]] {
            let pid = try #require(Int32(((try? String(contentsOfFile: pidfile, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)))
            kill(pid, SIGKILL)
            #expect(eventually { kill(pid, 0) != 0 || (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8))?.contains(") Z") == true })
            #expect(box.run(["exec", "a", "nslookup", "a", gateway]).code != 0, "nobody answers")
            #expect(box.run(revive).code == 0)
            #expect(Self.addresses(box.run(["exec", "a", "nslookup", "a", gateway]).out) == [box.address(of: "a")], "after \(revive)")
        }
        // The container's own resolver, through resolv.conf, gets answers again: nothing in it changed.
        #expect(box.run(["exec", "a", "ping", "-c", "1", "-W", "2", "b"]).code == 0)
    }

    @Test func otherNamesGoToTheUpstreamOverUDPAndOverTCPWhenTruncated() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let upstream = try Upstream(octet: box.subnetOctet)
        defer { upstream.stop() }
        let environment = try upstream.resolverEnvironment(in: box, search: "example.invalid")
        let net = box.uniqueName("dnsup")
        let created = box.run(["network", "create", "--subnet", box.subnet(23), net])
        #expect(created.code == 0, "\(created.err)")
        let gateway = try #require(try box.inspectNetwork(net).gateway)
        let started = box.run(["run", "-d", "--name", "c", "--network", net, "busybox", "sleep", "300"], environment: environment)
        #expect(started.code == 0, "\(started.err)")
        #expect(box.run(["exec", "c", "cat", "/etc/resolv.conf"]).out == "search example.invalid\nnameserver \(gateway)\n")
        #expect(Self.addresses(box.run(["exec", "c", "nslookup", "-type=a", "plain.test", gateway]).out) == ["192.0.2.7"])
        // Truncated over UDP: the responder asks again over TCP, and the whole answer fits.
        #expect(Self.addresses(box.run(["exec", "c", "nslookup", "-type=a", "big.test", gateway]).out) == ["192.0.2.1", "192.0.2.2", "192.0.2.3"])
        #expect(box.run(["exec", "c", "nslookup", "-type=a", "gone.test", gateway]).out.contains("NXDOMAIN"), "the upstream's answer, unchanged")
        #expect(upstream.log.contains("tcp big.test"), "\(upstream.log)")
    }

    /// An internal network's responder answers its own names and forwards nothing, as Docker's does.
    @Test func anInternalNetworksNameServerForwardsNothing() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let upstream = try Upstream(octet: box.subnetOctet)
        defer { upstream.stop() }
        let environment = try upstream.resolverEnvironment(in: box)
        let net = box.uniqueName("dnsint")
        #expect(box.run(["network", "create", "--internal", "--subnet", box.subnet(24), net]).code == 0)
        let gateway = try #require(try box.inspectNetwork(net).gateway)
        for name in ["c", "d"] {
            let started = box.run(["run", "-d", "--name", name, "--network", net, "busybox", "sleep", "300"], environment: environment)
            #expect(started.code == 0, "\(started.err)")
        }
        #expect(Self.addresses(box.run(["exec", "c", "nslookup", "-type=a", "d", gateway]).out).count == 1)
        #expect(Self.addresses(box.run(["exec", "c", "nslookup", "-type=a", "plain.test", gateway]).out) == [])
        #expect(!upstream.log.contains("plain.test"), "\(upstream.log)")
    }

    @Test func anIPv6NameserverOfTheHostIsAnUpstreamToo() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let upstream = try Upstream(octet: box.subnetOctet, ipv6: true)
        defer { upstream.stop() }
        let environment = try upstream.resolverEnvironment(in: box)
        let net = box.uniqueName("dns6")
        #expect(box.run(["network", "create", "--subnet", box.subnet(24), net]).code == 0)
        let gateway = try #require(try box.inspectNetwork(net).gateway)
        let started = box.run(["run", "-d", "--name", "c", "--network", net, "busybox", "sleep", "300"], environment: environment)
        #expect(started.code == 0, "\(started.err)")
        #expect(box.run(["exec", "c", "cat", "/etc/resolv.conf"]).out == "nameserver \(gateway)\n")
        #expect(Self.addresses(box.run(["exec", "c", "nslookup", "-type=a", "plain.test", gateway]).out) == ["192.0.2.7"])
        #expect(Self.addresses(box.run(["exec", "c", "nslookup", "-type=a", "big.test", gateway]).out) == ["192.0.2.1", "192.0.2.2", "192.0.2.3"])
        #expect(upstream.log.contains("udp plain.test") && upstream.log.contains("tcp big.test"), "\(upstream.log)")
        // A container on the default bridge has no IPv6: the host's IPv6 nameserver is not its own.
        let bridged = box.run(["run", "--rm", "busybox", "cat", "/etc/resolv.conf"], environment: environment).out
        #expect(!bridged.contains(upstream.address), "\(bridged)")
    }

    @Test func dnsAndAddHostOptionsWriteTheContainersFiles() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let out = box.run(["run", "--rm", "--dns", "192.0.2.53", "--dns-search", "corp.example", "--dns-option", "ndots:2",
                           "--add-host", "db.local:192.0.2.9", "busybox", "cat", "/etc/resolv.conf", "/etc/hosts"])
        #expect(out.code == 0, "\(out.err)")
        #expect(out.out.contains("nameserver 192.0.2.53\nsearch corp.example\noptions ndots:2\n"), "\(out.out)")
        #expect(out.out.contains("192.0.2.9\tdb.local\n"), "\(out.out)")
        // Without a network of its own the container still has them, after the host's file on the host's network.
        var hostEntries = try String(contentsOfFile: "/etc/hosts", encoding: .utf8)
        if !hostEntries.isEmpty && !hostEntries.hasSuffix("\n") { hostEntries += "\n" }  // the entries go on lines of their own
        for (network, before) in [("none", "ff02::2\tip6-allrouters\n"), ("host", hostEntries)] {
            let hosts = box.run(["run", "--rm", "--network", network, "--add-host", "db.local:192.0.2.9", "busybox", "cat", "/etc/hosts"])
            #expect(hosts.code == 0 && hosts.out.hasSuffix(before + "192.0.2.9\tdb.local\n"), "\(network): \(hosts.out)")
        }
        for bad in [["--dns", "nope"], ["--add-host", "nocolon"], ["--dns-search", "a\nnameserver 1.2.3.4"], ["--network-alias", "-x"]] {
            let refused = box.run(["run", "--rm"] + bad + ["busybox", "true"])
            #expect(refused.code == 125 && refused.err.split(separator: "\n").count == 1, "\(bad): \(refused.err)")
        }
    }
}

/// A DNS server in a network namespace of the test's own, reached from the host over a veth pair
/// (IPv4, or IPv6 with `ipv6`): plain.test is 192.0.2.7; big.test comes back truncated over UDP and
/// whole (three addresses) over TCP; anything else is NXDOMAIN. It logs "udp NAME" and "tcp NAME"
/// per query.
final class Upstream: @unchecked Sendable {
    let namespace: String
    let address: String
    let logPath: String
    let process: Process

    init(octet: Int, ipv6: Bool = false) throws {
        namespace = "mrdns-up-\(getpid())-\(octet)"
        // Unique local IPv6 addresses, usable at once (nodad: no duplicate address detection to wait for).
        let (host, peer, prefix) = ipv6 ? ("fd00:\(octet)::1", "fd00:\(octet)::2", "/64") : ("10.\(octet).250.1", "10.\(octet).250.2", "/30")
        let noDAD = ipv6 ? ["nodad"] : []
        address = peer
        logPath = "/var/tmp/\(namespace).log"
        let veth = "mrdu\(octet)h", inner = "mrdu\(octet)n"
        for command in [["netns", "add", namespace], ["link", "add", veth, "type", "veth", "peer", "name", inner],
                        ["link", "set", inner, "netns", namespace], ["addr", "add", host + prefix, "dev", veth] + noDAD, ["link", "set", veth, "up"],
                        ["-n", namespace, "addr", "add", peer + prefix, "dev", inner] + noDAD, ["-n", namespace, "link", "set", inner, "up"],
                        ["-n", namespace, "link", "set", "lo", "up"]] {
            let result = Command.run("/sbin/ip", command)
            guard result.code == 0 else { throw POSIXError(.EIO) }
        }
        let script = "/var/tmp/\(namespace).py"
        try Self.script.write(toFile: script, atomically: true, encoding: .utf8)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/sbin/ip")
        process.arguments = ["netns", "exec", namespace, "/usr/bin/python3", script, peer, logPath]
        try process.run()
        _ = eventually { FileManager.default.fileExists(atPath: self.logPath) }
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// The environment that makes minirun take this upstream as the host's resolver: a resolv.conf
    /// in the box's root naming it (after `search`, when given), through MINIRUN_RESOLV_CONF.
    func resolverEnvironment(in box: Sandbox, search: String? = nil) throws -> [String: String] {
        let resolv = box.root + "/upstream-resolv.conf"
        try ((search.map { "search \($0)\n" } ?? "") + "nameserver \(address)\n")
            .write(toFile: resolv, atomically: true, encoding: .utf8)
        return ["MINIRUN_RESOLV_CONF": resolv]
    }

    func stop() {
        // SIGKILL: the test runner's SIGTERM disposition (ignored) is inherited across exec.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        _ = Command.run("/sbin/ip", ["netns", "delete", namespace])  // the veth pair goes with it
        try? FileManager.default.removeItem(atPath: logPath)
        try? FileManager.default.removeItem(atPath: "/var/tmp/\(namespace).py")
    }

    static let script = #"""
    import socket, struct, sys, threading
    address, log_path = sys.argv[1], sys.argv[2]
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    log = open(log_path, "a", buffering=1)

    def name_of(query):
        labels, pos = [], 12
        while query[pos]:
            labels.append(query[pos + 1:pos + 1 + query[pos]].decode().lower())
            pos += 1 + query[pos]
        return ".".join(labels), pos + 5

    def answer(query, tcp):
        name, end = name_of(query)
        log.write(("tcp " if tcp else "udp ") + name + "\n")
        flags, addresses, rcode = 0x8180, [], 0
        if name == "plain.test":
            addresses = ["192.0.2.7"]
        elif name == "big.test":
            if tcp:
                addresses = ["192.0.2.1", "192.0.2.2", "192.0.2.3"]
            else:
                flags |= 0x0200
        else:
            rcode = 3
        header = query[:2] + struct.pack(">HHHHH", flags | rcode, 1, len(addresses), 0, 0)
        body = query[12:end]
        for a in addresses:
            body += b"\xc0\x0c" + struct.pack(">HHIH", 1, 1, 60, 4) + socket.inet_aton(a)
        return header + body

    def serve_tcp():
        listener = socket.socket(family, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((address, 53))
        listener.listen(8)
        while True:
            conn, _ = listener.accept()
            length = struct.unpack(">H", conn.recv(2))[0]
            query = b""
            while len(query) < length:
                query += conn.recv(length - len(query))
            reply = answer(query, True)
            conn.sendall(struct.pack(">H", len(reply)) + reply)
            conn.close()

    threading.Thread(target=serve_tcp, daemon=True).start()
    udp = socket.socket(family, socket.SOCK_DGRAM)
    udp.bind((address, 53))
    while True:
        query, client = udp.recvfrom(4096)
        udp.sendto(answer(query, False), client)
    """#
}
