import Foundation
import TestSupport
import Testing

/// The answers of a network's name server change with the command that changes the network, before
/// it returns: `rename`, and `network connect`/`disconnect` of a running container, which also
/// gives the container the name server as its resolver, as Docker does.
@Suite(.enabled(if: isRoot, "needs root"))
struct DNSChangeTests {
    @Test func aRenamedContainerAnswersToItsNewNameOnly() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let net = box.uniqueName("dnsren")
        #expect(box.run(["network", "create", "--subnet", box.subnet(25), net]).code == 0)
        let gateway = try #require(try box.inspectNetwork(net).gateway)
        for name in ["a", "b"] {
            #expect(box.run(["run", "-d", "--name", name, "--network", net, "busybox", "sleep", "300"]).code == 0)
        }
        let a = box.address(of: "a")
        let renamed = box.run(["rename", "a", "renamed"])
        #expect(renamed.code == 0 && renamed.out.isEmpty && renamed.err.isEmpty, "\(renamed.err)")
        func ask(_ name: String) -> String { box.run(["exec", "b", "nslookup", name, gateway]).out }
        #expect(DNSTests.addresses(ask("renamed")) == [a])
        #expect(ask("a").contains("NXDOMAIN"))
        #expect(ask(a).contains("name = renamed"), "PTR")
        let hosts = box.run(["exec", "b", "cat", "/etc/hosts"]).out
        #expect(hosts.contains("\(a)\trenamed ") && !hosts.contains("\(a)\ta "), "\(hosts)")
        #expect(box.run(["inspect", "-f", "{{.Name}}", "renamed"]).out == "/renamed\n")
        #expect(box.names.contains("renamed") && !box.names.contains("a"), "\(box.names)")

        for (arguments, message) in [(["renamed", "b"], "is already in use"), (["renamed", "renamed"], "same name"),
                                     (["nosuch", "x"], "No such container"), (["renamed", "bad name"], "Invalid container name")] {
            let refused = box.run(["rename"] + arguments)
            #expect(refused.code == 1 && refused.err.contains(message) && refused.err.split(separator: "\n").count == 1,
                    "\(arguments): \(refused.code) \(refused.err)")
        }
        #expect(DNSTests.addresses(ask("renamed")) == [a], "a refused rename changed nothing")
    }

    @Test func linksFollowARenamedContainer() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-d", "--name", "target", "busybox", "sleep", "300"]).code == 0)
        #expect(box.run(["run", "-d", "--name", "user", "--link", "target:db", "busybox", "sleep", "300"]).code == 0)
        let target = box.address(of: "target")
        #expect(box.run(["rename", "target", "moved"]).code == 0)
        let hosts = box.run(["exec", "user", "cat", "/etc/hosts"]).out
        #expect(hosts.contains("\(target)\tdb moved "), "\(hosts)")
        #expect(box.run(["inspect", "-f", "{{json .HostConfig.Links}}", "user"]).out.contains("moved"))
    }

    @Test func aContainerConnectedLaterGetsTheNameServerAndIsNamedUntilDisconnected() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let net = box.uniqueName("dnscon")
        #expect(box.run(["network", "create", "--subnet", box.subnet(26), net]).code == 0)
        let gateway = try #require(try box.inspectNetwork(net).gateway)
        #expect(box.run(["run", "-d", "--name", "member", "--network", net, "busybox", "sleep", "300"]).code == 0)
        #expect(box.run(["run", "-d", "--name", "late", "busybox", "sleep", "300"]).code == 0)
        func resolv() -> String { box.run(["exec", "late", "cat", "/etc/resolv.conf"]).out }
        #expect(!resolv().contains(gateway))

        #expect(box.run(["network", "connect", net, "late"]).code == 0)
        let connected = resolv()
        #expect(connected.contains("nameserver \(gateway)\n") && connected.components(separatedBy: "nameserver").count == 2,
                "its only nameserver: \(connected)")
        // Its own resolver (no server named) asks the network's name server, which knows it now.
        #expect(DNSTests.addresses(box.run(["exec", "late", "nslookup", "member"]).out) == [box.address(of: "member")])
        let out = box.run(["exec", "late", "ip", "-o", "-4", "addr", "show", "eth1"]).out
        let inet = try #require(out.range(of: "inet "))
        let lateAddress = String(out[inet.upperBound...].prefix { $0 != "/" })
        #expect(DNSTests.addresses(box.run(["exec", "member", "nslookup", "late", gateway]).out) == [lateAddress])

        #expect(box.run(["network", "disconnect", net, "late"]).code == 0)
        #expect(box.run(["exec", "member", "nslookup", "late", gateway]).out.contains("NXDOMAIN"))
        #expect(!resolv().contains(gateway), "back to the host's resolvers: \(resolv())")
    }
}
