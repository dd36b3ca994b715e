import Foundation
import TestSupport
import Testing

/// `deploy.resources` and `deploy.restart_policy`, which Compose applies to containers outside a
/// swarm, healthcheck's start_interval, and `build`'s labels, tags, no_cache and network.
@Suite(.enabled(if: isRoot, "needs root"))
struct ComposeDeployTests {
    @Test func deployLimitsAndRestartPolicyReachTheContainer() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let project = try ComposeProjectTests.Project(box, """
            services:
              web:
                image: busybox
                command: sleep 300
                stop_signal: SIGKILL
                network_mode: none
                deploy:
                  resources:
                    limits: {memory: 64M, pids: 20}
                    reservations: {memory: 32M}
                  restart_policy: {condition: on-failure, max_attempts: 3}
                healthcheck: {test: ["CMD", "true"], interval: 30s, start_period: 10s, start_interval: 2s}
            """)
        defer { project.remove() }
        #expect(project.compose(["up", "-d"]).code == 0)
        let settings = box.run(["inspect", "-f",
                                "{{.HostConfig.Memory}} {{.HostConfig.MemoryReservation}} {{.HostConfig.PidsLimit}} {{.HostConfig.RestartPolicy.Name}}:{{.HostConfig.RestartPolicy.MaximumRetryCount}}",
                                "app-web-1"]).out
        #expect(settings == "67108864 33554432 20 on-failure:3\n")
        #expect(box.run(["inspect", "-f", "{{.Config.Healthcheck.StartInterval}}", "app-web-1"]).out == "2000000000\n", "healthcheck's start_interval")
        #expect(project.compose(["down"]).code == 0)
    }

    @Test func buildLabelsTagsAndNetworkAreUsed() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let project = try ComposeProjectTests.Project(box, """
            services:
              web:
                build:
                  context: .
                  labels: {tier: web}
                  tags: [extra/web:1]
                  no_cache: true
                  network: none
                command: cat /links
                network_mode: none
            """)
        defer { project.remove() }
        try "FROM busybox\nRUN ls /sys/class/net > /links\n".write(toFile: project.directory + "/Dockerfile", atomically: true, encoding: .utf8)
        let built = project.compose(["build"])
        #expect(built.code == 0, "\(built.err)")
        #expect(box.run(["image", "inspect", "-f", "{{index .Config.Labels \"tier\"}}", "app-web"]).out == "web\n")
        #expect(box.run(["image", "inspect", "-f", "{{.Id}}", "extra/web:1"]).out == box.run(["image", "inspect", "-f", "{{.Id}}", "app-web"]).out)
        #expect(box.run(["run", "--rm", "--net=none", "extra/web:1", "cat", "/links"]).out == "lo\n", "the RUN step had no network of its own but lo")
        let again = project.compose(["build"])
        #expect(again.code == 0 && !again.err.contains("CACHED") && !again.out.contains("CACHED"), "no_cache: \(again.err)")
    }
}
