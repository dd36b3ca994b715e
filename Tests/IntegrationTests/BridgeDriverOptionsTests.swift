import Foundation
import TestSupport
import Testing

/// `network create -o`: the bridge driver's options Docker's bridge driver takes - the MTU of the
/// bridge and its containers' interfaces, containers kept apart (enable_icc=false), no masquerade,
/// and the host address `-p` publishes on by default.
@Suite(.enabled(if: isRoot, "needs root"))
struct BridgeDriverOptionsTests {
    @Test func theOptionsShapeTheNetwork() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let net = box.uniqueName("shaped"), subnet = box.subnet(3)
        let made = box.run(["network", "create", "--subnet", subnet, "-o", "com.docker.network.driver.mtu=1400",
                            "-o", "com.docker.network.bridge.enable_icc=false", "-o", "com.docker.network.bridge.enable_ip_masquerade=false",
                            "-o", "com.docker.network.bridge.host_binding_ipv4=127.0.0.1", net])
        #expect(made.code == 0, "\(made.err)")
        let view = try box.inspectNetwork(net)
        #expect(Command.run("/sbin/ip", ["-o", "link", "show", view.bridge]).out.contains(" mtu 1400 "))
        let options = box.run(["network", "inspect", "-f", "{{index .Options \"com.docker.network.bridge.enable_icc\"}} {{index .Options \"com.docker.network.driver.mtu\"}}", net])
        #expect(options.out == "false 1400\n", "\(options.out)")

        let port = 20009 + box.subnetOctet * 10
        #expect(box.run(["run", "-d", "--name", "one", "--network", net, "busybox", "sleep", "300"]).code == 0)
        #expect(box.run(["run", "-d", "--name", "two", "--network", net, "-p", "\(port):80", "busybox", "httpd", "-f", "-p", "80"]).code == 0)
        #expect(box.run(["exec", "one", "ip", "-o", "link", "show", "eth0"]).out.contains(" mtu 1400 "))
        let between = box.run(["exec", "one", "ping", "-c", "1", "-W", "1", box.address(of: "two")])
        #expect(between.code != 0, "the containers are kept apart: \(between.out)")
        let gateway = try #require(view.gateway)
        #expect(box.run(["exec", "one", "ping", "-c", "1", "-W", "2", gateway]).code == 0, "the gateway is still reached")
        #expect(box.run(["port", "two"]).out == "80/tcp -> 127.0.0.1:\(port)\n")
        let table = Command.run("/usr/sbin/nft", ["list", "table", "ip", "minirun_" + (try box.inspectNetwork("bridge").bridge.dropFirst(2))]).out
        #expect(table.contains("ip daddr 127.0.0.1 tcp dport \(port) dnat"), "\(table)")
        #expect(!table.contains("ip saddr \(subnet) oifname"), "no masquerade of the network: \(table)")

        // Without the options, a network's containers reach each other (as Docker's default).
        let open = box.uniqueName("open")
        #expect(box.run(["network", "create", "--subnet", box.subnet(4), open]).code == 0)
        #expect(box.run(["network", "connect", open, "one"]).code == 0)
        #expect(box.run(["run", "-d", "--name", "three", "--network", open, "busybox", "sleep", "300"]).code == 0)
        #expect(box.run(["exec", "three", "ping", "-c", "1", "-W", "2", "one"]).code == 0)
    }
}
