import Foundation
import TestSupport
import Testing

/// `network create --internal` and compose's `internal: true`: containers on such a network reach
/// each other, and nothing outside it - "another host" is a namespace of the test's own behind a
/// veth (PublishTests.OutsideHost), which a container on an ordinary network does reach.
@Suite(.enabled(if: isRoot, "needs root"))
struct InternalNetworkTests {
    @Test func anInternalNetworkReachesOnlyItself() throws {
        let box = try Sandbox()
        let outside = try PublishTests.OutsideHost(octet: box.subnetOctet)
        defer { box.finish(); outside.remove() }
        #expect(box.run(["network", "create", "--internal", "--subnet", box.subnet(1), "closed"]).code == 0)
        #expect(box.run(["network", "create", "--subnet", box.subnet(2), "open"]).code == 0)
        #expect(box.run(["network", "inspect", "-f", "{{.Internal}}", "closed"]).out == "true\n")
        #expect(box.run(["network", "inspect", "-f", "{{.Internal}}", "open"]).out == "false\n")
        #expect(box.run(["network", "ls", "--format", "{{.Name}} {{.Driver}}"]).out.contains("closed bridge"))

        let ping = ["ping", "-c", "1", "-W", "2", outside.address]
        let fromOpen = box.run(["run", "--rm", "--network", "open", "busybox"] + ping)
        #expect(fromOpen.code == 0, "an ordinary network reaches the outside host: \(fromOpen.out) \(fromOpen.err)")
        let fromClosed = box.run(["run", "--rm", "--network", "closed", "busybox"] + ping)
        #expect(fromClosed.code != 0, "\(fromClosed.out)")
        // No default route; and one the container adds itself leads nowhere: the host forwards nothing.
        let routes = box.run(["run", "--rm", "--network", "closed", "busybox", "ip", "route"]).out
        #expect(!routes.contains("default") && routes.contains(box.subnet(1)), "\(routes)")
        let gateway = try #require(try box.inspectNetwork("closed").gateway)
        let routed = box.run(["run", "--rm", "--network", "closed", "--cap-add", "NET_ADMIN", "busybox", "sh", "-c",
                              "ip route add default via \(gateway) && ping -c 1 -W 2 \(outside.address)"])
        #expect(routed.code != 0 && routed.out.contains("0 packets received"), "\(routed.out) \(routed.err)")

        // Its containers reach each other, by name too.
        for name in ["one", "two"] {
            #expect(box.run(["run", "-d", "--name", name, "--network", "closed", "busybox", "sleep", "300"]).code == 0)
        }
        let between = box.run(["exec", "one", "ping", "-c", "1", "-W", "2", "two"])
        #expect(between.code == 0, "\(between.out) \(between.err)")

        // A published port of a container only on it is not published at all.
        let port = 20007 + box.subnetOctet * 10
        let web = box.run(["run", "-d", "--name", "web", "--network", "closed", "-p", "\(port):80", "busybox", "httpd", "-f", "-p", "80"])
        #expect(web.code == 0, "\(web.err)")
        let table = Command.run("/usr/sbin/nft", ["list", "table", "ip", "minirun_" + (try box.inspectNetwork("bridge").bridge.dropFirst(2))]).out
        #expect(!table.contains("dport \(port)") && !table.contains("saddr \(box.subnet(1))"), "\(table)")
        #expect(Command.shell("timeout 5 busybox wget -q -O- http://127.0.0.1:\(port)/").code != 0)
    }

    @Test func composeInternalNetworks() throws {
        let box = try Sandbox()
        let outside = try PublishTests.OutsideHost(octet: box.subnetOctet)
        defer { box.finish(); outside.remove() }
        let project = try ComposeProjectTests.Project(box, """
            services:
              db:
                image: busybox
                command: sleep 300
                stop_signal: SIGKILL
                networks: [back]
              app:
                image: busybox
                command: sleep 300
                stop_signal: SIGKILL
                networks: [back, default]
            networks:
              back:
                internal: true
                ipam:
                  config: [{subnet: \(box.subnet(3))}]
              default:
                ipam:
                  config: [{subnet: \(box.subnet(4))}]
            """)
        defer { project.remove() }
        let up = project.compose(["up", "-d"])
        #expect(up.code == 0, "\(up.err)")
        #expect(box.run(["network", "inspect", "-f", "{{.Internal}}", "app_back"]).out == "true\n")
        let ping = ["ping", "-c", "1", "-W", "2"]
        // db asks the internal network's name server (its only network's), which knows app by name.
        let toApp = project.compose(["exec", "-T", "db"] + ping + ["app"])
        #expect(toApp.code == 0, "the services of the internal network reach each other: \(toApp.out) \(toApp.err)")
        #expect(project.compose(["exec", "-T", "db"] + ping + [outside.address]).code != 0)
        // app is also on the ordinary default network: its default route goes there, and out.
        let fromApp = project.compose(["exec", "-T", "app"] + ping + [outside.address])
        #expect(fromApp.code == 0, "\(fromApp.out) \(fromApp.err)")
        #expect(project.compose(["down"]).code == 0)
        project.expectNothingLeft()
    }
}
