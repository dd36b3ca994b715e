import Foundation
import Testing
import TestSupport

/// -p and outbound NAT, tested against a network namespace of the test's own that stands for
/// "another host": it is joined to this host by a veth pair and has no route to the containers.
@Suite(.enabled(if: isRoot, "needs root"))
struct PublishTests {
    /// The outside host: namespace NS with address .2, the host's end of the veth has .1.
    final class OutsideHost {
        let namespace: String
        let hostEnd: String
        let hostAddress: String
        let address: String

        init(octet: Int) throws {
            let tag = String(UInt32.random(in: 0..<UInt32.max), radix: 16)
            namespace = "mrt-out-" + tag
            hostEnd = "mrto" + tag.prefix(8)
            hostAddress = "10.\(octet).250.1"
            address = "10.\(octet).250.2"
            let setup = """
                ip netns add \(namespace) && ip link add \(hostEnd) type veth peer name eth0 netns \(namespace) &&
                ip addr add \(hostAddress)/30 dev \(hostEnd) && ip link set \(hostEnd) up &&
                ip -n \(namespace) addr add \(address)/30 dev eth0 && ip -n \(namespace) link set eth0 up &&
                ip -n \(namespace) link set lo up
                """
            let result = Command.shell(setup)
            try #require(result.code == 0, "\(result.err)")
        }

        func run(_ line: String) -> Sandbox.Result {
            Command.shell("ip netns exec \(namespace) sh -c '\(line)'")
        }

        func remove() {
            _ = Command.shell("ip netns pids \(namespace) | xargs -r kill -9; ip link del \(hostEnd); ip netns del \(namespace)")
            #expect(!Command.shell("ip netns list").out.contains(namespace))
        }
    }

    func startWebServer(_ box: Sandbox, name: String, port: Int, extra: [String] = []) {
        let command = "mkdir -p /www && echo hello-from-\(name) > /www/index.html && exec httpd -f -p 80 -h /www"
        let result = box.run(["run", "-d", "--name", name, "-p", "\(port):80"] + extra + ["busybox", "sh", "-c", command])
        #expect(result.code == 0, "\(result.err)")
    }

    func fetch(_ url: String) -> String {
        Command.shell("timeout 5 busybox wget -q -O- \(url)").out
    }

    @Test func publishedPortIsReachableFromHostOtherHostsAndContainers() throws {
        let box = try Sandbox()
        let outside = try OutsideHost(octet: box.subnetOctet)
        defer { box.finish(); outside.remove() }
        let port = 20000 + box.subnetOctet * 10
        startWebServer(box, name: "web", port: port)
        #expect(eventually { self.fetch("http://127.0.0.1:\(port)/").contains("hello-from-web") }, "from the host via 127.0.0.1")
        #expect(eventually {
            outside.run("timeout 5 busybox wget -q -O- http://\(outside.hostAddress):\(port)/").out.contains("hello-from-web")
        }, "from another host through this host's address")
        let gateway = try #require(try box.inspectNetwork("bridge").gateway)
        let hairpin = box.run(["run", "--rm", "busybox", "timeout", "5", "wget", "-q", "-O-", "http://\(gateway):\(port)/"])
        #expect(hairpin.out.contains("hello-from-web"), "from a container through the gateway (hairpin): \(hairpin.err)")
        let ps = box.run(["ps"]).out
        #expect(ps.contains("0.0.0.0:\(port)->80/tcp"))
        let inspected = box.run(["inspect", "-f", "{{json .NetworkSettings.Ports}}", "web"]).out
        #expect(inspected.contains("\"80/tcp\":[{\"HostIp\":\"\",\"HostPort\":\"\(port)\"}]"), "\(inspected)")
    }

    /// A fresh state root has no record of the default bridge until a start makes it: the first
    /// `run -p` of a new machine publishes all the same (-P too).
    @Test func theFirstContainerOfANewStateRootPublishes() throws {
        let box = try Sandbox(importBusybox: false)
        defer { box.finish() }
        #expect(box.run(["image", "import", try BusyboxImage.tarball(), "busybox"]).code == 0)
        let port = 20000 + box.subnetOctet * 10 + 3
        startWebServer(box, name: "first", port: port)
        #expect(box.run(["port", "first"]).out == "80/tcp -> 0.0.0.0:\(port)\n")
        #expect(eventually { self.fetch("http://127.0.0.1:\(port)/").contains("hello-from-first") })
    }

    @Test func aHeldPortCannotBeTakenUntilTheContainerStops() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let port = 20001 + box.subnetOctet * 10
        startWebServer(box, name: "holder", port: port)
        let again = box.run(["run", "--rm", "-p", "\(port):80", "busybox", "true"])
        #expect(again.code == 125 && again.err.contains("already in use"), "\(again.err)")
        // A host-network container cannot bind it either, as in the seed's nginx4 example.
        #expect(box.run(["run", "-d", "--name", "h4", "--net=host", "busybox", "httpd", "-f", "-p", "\(port)"]).code == 0)
        #expect(eventually { box.run(["ps", "-a"]).out.split(separator: "\n").contains { $0.contains("h4") && $0.contains("Exited") } })
        #expect(box.run(["logs", "h4"]).err.lowercased().contains("in use"))
        #expect(box.run(["stop", "-t", "1", "holder"]).code == 0)
        #expect(box.run(["start", "h4"]).code == 0)
        #expect(eventually { self.fetch("http://127.0.0.1:\(port)/").count > 0 || box.run(["ps"]).out.contains("h4") })
        #expect(box.run(["rm", "-f", "h4"]).code == 0)
        let bind = "import socket; s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('0.0.0.0', \(port))); s.listen()"
        #expect(eventually { Command.run("/usr/bin/python3", ["-c", bind]).code == 0 }, "the port is free once the container is gone")
    }

    @Test func containersReachOtherHostsThroughMasquerade() throws {
        let box = try Sandbox()
        let outside = try OutsideHost(octet: box.subnetOctet)
        defer { box.finish(); outside.remove() }
        // The outside host has no route to the containers' subnet: only NAT makes replies come back.
        let subnet = try #require(try box.inspectNetwork("bridge").subnet)
        #expect(!outside.run("ip route").out.contains(subnet))
        let ping = box.run(["run", "--rm", "busybox", "ping", "-c", "1", "-W", "2", outside.address])
        #expect(ping.code == 0, "\(ping.out) \(ping.err)")
        // The outside host sees the connection come in (its answer found the way back through NAT).
        let port = 20002 + box.subnetOctet * 10
        // nc -l takes one connection; an attempt cut short by its timeout can use it up without data,
        // so the listener listens again until a connection brings some.
        let listen = "until busybox nc -l -p \(port) > \(box.root)/heard && [ -s \(box.root)/heard ]; do :; done; "
            + "mv \(box.root)/heard \(box.root)/seen"
        let listener = try Process.run(URL(fileURLWithPath: "/bin/sh"), arguments: [
            "-c", "ip netns exec \(outside.namespace) timeout 40 sh -c '\(listen)'",
        ])
        // Generous: on a loaded machine the listener may take a while to come up.
        #expect(eventually(30) {
            _ = box.run(["run", "--rm", "busybox", "sh", "-c", "echo hi | timeout 2 nc \(outside.address) \(port)"])
            return (try? String(contentsOfFile: box.root + "/seen", encoding: .utf8)) == "hi\n"
        })
        listener.terminate()
        listener.waitUntilExit()
        #expect(box.run(["run", "--rm", "--net=none", "busybox", "ping", "-c", "1", "-W", "1", outside.address]).code != 0)
    }

    @Test func aKilledRunsPortRuleLeaseAndCgroupGoWithTheNextStart() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let port = 20005 + box.subnetOctet * 10
        let process = try box.start(["run", "--name", "victim", "-p", "\(port):80", "busybox", "sleep", "300"])
        #expect(eventually { box.run(["ps", "-q"]).out.count > 0 })
        let id = box.run(["ps", "-q", "--no-trunc"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        let table = "minirun_" + (try box.inspectNetwork("bridge").bridge.dropFirst(2))
        #expect(eventually { Command.run("/usr/sbin/nft", ["list", "table", "ip", table]).out.contains("dport \(port)") })
        kill(process.processIdentifier, SIGKILL)  // minirun dies; its container follows (pdeathsig)
        process.waitUntilExit()
        // inspect shows it exited, and leaves the rest to the commands that reconcile (see KilledRunTests).
        #expect(eventually { box.run(["inspect", "-f", "{{.State.Status}}", "victim"]).out == "exited\n" })
        let cgroup = "minirun-\(id.prefix(12))"
        #expect(!MachineCgroups.directories(named: cgroup).isEmpty, "nothing has cleaned up yet")
        // The next bridged start finds the dead container's lease and gives back all it held.
        #expect(box.run(["run", "--rm", "busybox", "true"]).code == 0)
        #expect(!Command.run("/usr/sbin/nft", ["list", "table", "ip", table]).out.contains("dport \(port)"))
        #expect(MachineCgroups.directories(named: cgroup).isEmpty)
        #expect(!box.leases.contains { $0.hasSuffix(id) })
        let bind = "import socket; s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('0.0.0.0', \(port))); s.listen()"
        #expect(Command.run("/usr/bin/python3", ["-c", bind]).code == 0, "the port is free")
    }
}
