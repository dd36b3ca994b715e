import Foundation
import TestSupport
import Testing

/// Compose keys that shape networks and restarts: a service network's priority (the highest is
/// eth0), ipam.options kept on the network, driver_opts as `network create -o`, and depends_on's
/// restart: true, which makes `restart` of the dependency restart the dependent too.
@Suite(.enabled(if: isRoot, "needs root"))
struct ComposeNetworkOptionsTests {
    @Test func priorityOrdersTheNetworksAndRestartFollowsTheDependency() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let (front, back) = (box.subnet(5), box.subnet(6))
        let project = try ComposeProjectTests.Project(box, """
            services:
              db:
                image: busybox
                command: sleep 300
                stop_signal: SIGKILL
                networks: [back]
              web:
                image: busybox
                command: sleep 300
                stop_signal: SIGKILL
                depends_on:
                  db: {condition: service_started, restart: true}
                networks:
                  back: {priority: 10}
                  front: {priority: 100}
              other:
                image: busybox
                command: sleep 300
                stop_signal: SIGKILL
                depends_on: [db]
                networks: [back]
            networks:
              front:
                driver_opts: {com.docker.network.driver.mtu: 1400}
                ipam:
                  driver: default
                  options: {pool.note: kept}
                  config: [{subnet: \(front)}]
              back:
                ipam:
                  config: [{subnet: \(back)}]
            """)
        defer { project.remove() }
        let up = project.compose(["up", "-d"])
        #expect(up.code == 0, "\(up.err)")
        let eth0 = project.compose(["exec", "-T", "web", "ip", "-o", "-4", "addr", "show", "eth0"]).out
        #expect(eth0.contains(front.replacingOccurrences(of: ".0/24", with: ".")), "front, the higher priority, is eth0: \(eth0)")
        #expect(project.compose(["exec", "-T", "web", "ip", "-o", "link", "show", "eth0"]).out.contains(" mtu 1400 "))
        #expect(box.run(["network", "inspect", "-f", "{{json .IPAM.Options}}", "app_front"]).out == "{\"pool.note\":\"kept\"}\n")

        let started = { (name: String) in box.run(["inspect", "-f", "{{.State.StartedAt}}", name]).out }
        let (web, other) = (started("app-web-1"), started("app-other-1"))
        let restarted = project.compose(["restart", "db"])
        #expect(restarted.code == 0, "\(restarted.err)")
        #expect(started("app-web-1") != web, "web depends on db with restart: true")
        #expect(started("app-other-1") == other, "other depends on db without it")
        #expect(project.compose(["down"]).code == 0)
        project.expectNothingLeft()
    }
}
