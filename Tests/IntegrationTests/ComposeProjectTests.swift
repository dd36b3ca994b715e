import Foundation
import TestSupport
import Testing

/// `minirun compose` on whole projects from files the tests write, each on its own state root and
/// subnets: services finding each other by name, fixed addresses, convergence (only what changed is
/// recreated), --scale, one-off containers, depends_on, a killed `up`, `down` leaving nothing, bad
/// input refused before anything is made, and the seed document's compose file.
@Suite(.enabled(if: isRoot, "needs root"))
struct ComposeProjectTests {
    /// A project directory of the test's own with `compose.yaml` holding `text`.
    final class Project {
        let box: Sandbox
        let directory: String
        let name: String

        init(_ box: Sandbox, _ text: String, name: String = "app") throws {
            self.box = box
            self.name = name
            directory = try Sandbox.makeTemporaryDirectory(prefix: "compose-test")
            try write(text)
        }

        func write(_ text: String, file: String = "compose.yaml") throws {
            try text.write(toFile: directory + "/" + file, atomically: true, encoding: .utf8)
        }

        @discardableResult
        func compose(_ arguments: [String], environment: [String: String] = [:]) -> Sandbox.Result {
            box.run(["compose", "--project-directory", directory, "-p", name] + arguments, environment: environment)
        }

        /// Container name to ID, of every container of the root.
        var containers: [String: String] {
            let out = box.run(["ps", "-a", "--format", "{{.Names}} {{.ID}}"]).out
            return Dictionary(out.split(separator: "\n").map { line in
                let parts = line.split(separator: " ").map(String.init)
                return (parts[0], parts.count > 1 ? parts[1] : "")
            }) { first, _ in first }
        }

        var networks: [String] {
            box.run(["network", "ls", "--format", "{{.Name}}"]).out.split(separator: "\n").map(String.init).filter { !["bridge", "host", "none"].contains($0) }
        }

        /// Nothing of the project left: no container, no network, no lease.
        func expectNothingLeft(sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(containers.isEmpty, "containers left: \(containers)", sourceLocation: sourceLocation)
            #expect(networks.isEmpty, "networks left: \(networks)", sourceLocation: sourceLocation)
            #expect(box.leases.isEmpty, "leases left: \(box.leases)", sourceLocation: sourceLocation)
        }

        func remove() {
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    /// A default network on a subnet of the sandbox's own.
    static func defaultNetwork(_ box: Sandbox, _ n: Int) -> String {
        "networks:\n  default:\n    ipam:\n      config:\n        - subnet: \(box.subnet(n))\n"
    }

    @Test func twoServicesReachEachOtherByServiceNameAndDownLeavesNothing() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let project = try Project(box, """
            services:
              web:
                image: busybox
                command: ["sh", "-c", "echo web says hello; exec sleep 300"]
                stop_signal: SIGKILL
              db:
                image: busybox
                command: sh -c 'echo db is up; exec sleep 300'
                stop_signal: SIGKILL
                environment:
                  MYSQL_ROOT_PASSWORD: "1234"
            \(Self.defaultNetwork(box, 1))
            """)
        defer { project.remove() }
        let up = project.compose(["up", "-d"])
        #expect(up.code == 0, "\(up.err)")
        #expect(Set(project.containers.keys) == ["app-web-1", "app-db-1"])
        #expect(project.networks == ["app_default"])
        for (from, to) in [("web", "db"), ("db", "web")] {
            let ping = project.compose(["exec", "-T", from, "ping", "-c", "1", "-W", "2", to])
            #expect(ping.code == 0, "\(from) pings \(to): \(ping.out) \(ping.err)")
        }
        #expect(project.compose(["exec", "-T", "db", "env"]).out.contains("MYSQL_ROOT_PASSWORD=1234"))
        // The labels Compose puts on its containers.
        let labels = box.run(["inspect", "-f", "{{json .Config.Labels}}", "app-web-1"]).out
        for key in ["com.docker.compose.project\":\"app\"", "com.docker.compose.service\":\"web\"",
                    "com.docker.compose.container-number\":\"1\"", "com.docker.compose.config-hash", "com.docker.compose.oneoff\":\"False\""] {
            #expect(labels.contains(key), "\(key) in \(labels)")
        }
        // ps, in a table and as JSON; logs prefixed with the container's name.
        let ps = project.compose(["ps"])
        #expect(ps.out.hasPrefix("NAME") && ps.out.contains("app-db-1") && ps.out.contains("app-web-1"), "\(ps.out)")
        let json = project.compose(["ps", "--format", "json"]).out.split(separator: "\n")
        #expect(json.count == 2 && json.allSatisfy { $0.contains("\"Service\":") && $0.contains("\"State\":\"running\"") })
        #expect(project.compose(["ps", "-q"]).out.split(separator: "\n").count == 2)
        #expect(eventually { project.compose(["logs", "web"]).out.contains("web-1  | web says hello") })
        #expect(project.compose(["logs"]).out.contains("db-1   | db is up"))
        #expect(box.run(["compose", "ls"]).out.contains("app") && box.run(["compose", "ls"]).out.contains("running(2)"))
        #expect(project.compose(["top", "web"]).out.contains("sleep 300"))

        // up again changes nothing: the same containers run on.
        let before = project.containers
        #expect(project.compose(["up", "-d"]).code == 0)
        #expect(project.containers == before)

        // stop, start, a one-off run.
        #expect(project.compose(["stop", "web"]).code == 0)
        #expect(project.compose(["ps"]).out.split(separator: "\n").count == 2, "only db runs")
        #expect(project.compose(["ps", "-a"]).out.split(separator: "\n").count == 3)
        #expect(project.compose(["start"]).code == 0)
        let oneoff = project.compose(["run", "--rm", "web", "ping", "-c", "1", "-W", "2", "db"])
        #expect(oneoff.code == 0, "\(oneoff.out) \(oneoff.err)")

        let down = project.compose(["down"])
        #expect(down.code == 0, "\(down.err)")
        project.expectNothingLeft()
    }

    @Test func userNetworkWithFixedAddressAndAliases() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let subnet = box.subnet(2)
        let address = subnet.replacingOccurrences(of: ".0/24", with: ".10")
        let project = try Project(box, """
            services:
              app1:
                image: busybox
                command: sleep 300
                stop_signal: SIGKILL
                container_name: app1
                networks:
                  mynetwork:
                    ipv4_address: \(address)
                    aliases: [springboot]
              mysql:
                image: busybox
                command: sleep 300
                stop_signal: SIGKILL
                networks: [mynetwork]
            networks:
              mynetwork:
                ipam:
                  config:
                    - subnet: \(subnet)
            """)
        defer { project.remove() }
        let up = project.compose(["up", "-d"])
        #expect(up.code == 0, "\(up.err)")
        #expect(project.networks == ["app_mynetwork"])
        #expect(box.address(of: "app1") == address)
        let ping = project.compose(["exec", "-T", "mysql", "ping", "-c", "1", "-W", "2", "springboot"])
        #expect(ping.code == 0 && ping.out.contains(address), "\(ping.out) \(ping.err)")
        #expect(project.compose(["down"]).code == 0)
        project.expectNothingLeft()
    }

    @Test func aChangedImageOrConfigRecreatesThatServiceOnly() throws {
        let box = try Sandbox()
        defer { box.finish() }
        // A second image: busybox with a label, so another ID.
        let imported = box.run(["image", "import", "-c", "LABEL version=2", try BusyboxImage.tarball(), "busybox2"])
        try #require(imported.code == 0, "\(imported.err)")
        func file(webImage: String, dbEnvironment: String) -> String {
            """
            services:
              web: {image: \(webImage), command: sleep 300, stop_signal: SIGKILL}
              db: {image: busybox, command: sleep 300, stop_signal: SIGKILL, environment: [LEVEL=\(dbEnvironment)]}
            \(Self.defaultNetwork(box, 3))
            """
        }
        let project = try Project(box, file(webImage: "busybox", dbEnvironment: "1"))
        defer { project.remove() }
        #expect(project.compose(["up", "-d"]).code == 0)
        let first = project.containers

        try project.write(file(webImage: "busybox2", dbEnvironment: "1"))
        let up = project.compose(["up", "-d"])
        #expect(up.code == 0, "\(up.err)")
        let second = project.containers
        #expect(second["app-web-1"] != first["app-web-1"], "web's image changed: recreated")
        #expect(second["app-db-1"] == first["app-db-1"], "db is left running untouched")
        #expect(up.err.contains("app-db-1  Running") && up.err.contains("app-web-1  Recreate"), "\(up.err)")

        try project.write(file(webImage: "busybox2", dbEnvironment: "2"))
        #expect(project.compose(["up", "-d", "--no-recreate"]).code == 0)
        #expect(project.containers == second, "--no-recreate keeps what exists")
        #expect(project.compose(["up", "-d"]).code == 0)
        let third = project.containers
        #expect(third["app-db-1"] != second["app-db-1"] && third["app-web-1"] == second["app-web-1"])
        #expect(project.compose(["exec", "-T", "db", "env"]).out.contains("LEVEL=2"))
        #expect(project.compose(["up", "-d", "--force-recreate", "web"]).code == 0)
        let fourth = project.containers
        #expect(fourth["app-web-1"] != third["app-web-1"] && fourth["app-db-1"] == third["app-db-1"])

        // A service dropped from the file is an orphan, removed with --remove-orphans.
        try project.write("services:\n  db: {image: busybox, command: sleep 300, stop_signal: SIGKILL, environment: [LEVEL=2]}\n" + Self.defaultNetwork(box, 3))
        #expect(project.compose(["up", "-d"]).err.contains("orphan"))
        #expect(project.containers["app-web-1"] != nil)
        #expect(project.compose(["up", "-d", "--remove-orphans"]).code == 0)
        #expect(Set(project.containers.keys) == ["app-db-1"])
        #expect(project.compose(["down"]).code == 0)
        project.expectNothingLeft()
    }

    /// `create` makes up's containers without starting them; `port` prints where a service's port
    /// is published, as `minirun port` does; `version` answers without a project.
    @Test func createPortAndVersion() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let project = try Project(box, """
            services:
              web: {image: busybox, command: httpd -f -p 80, ports: ["80"], stop_signal: SIGKILL}
              side: {image: busybox, command: sleep 300, stop_signal: SIGKILL, depends_on: [web]}
            \(Self.defaultNetwork(box, 9))
            """)
        defer { project.remove() }
        let created = project.compose(["create"])
        #expect(created.code == 0 && created.err.contains("app-side-1  Created") && !created.err.contains("Started"), "\(created.err)")
        #expect(box.run(["ps", "-a", "--format", "{{.Names}} {{.State}}"]).out.split(separator: "\n").sorted() == ["app-side-1 created", "app-web-1 created"])
        #expect(project.compose(["up", "-d"]).code == 0)
        #expect(Set(project.containers.keys) == ["app-web-1", "app-side-1"], "up starts what create made")
        let port = project.compose(["port", "web", "80"])
        #expect(port.code == 0 && port.out.hasPrefix("0.0.0.0:"), "\(port.err)")
        #expect(port.out == box.run(["port", "app-web-1", "80/tcp"]).out)
        let unpublished = project.compose(["port", "web", "81"])
        #expect(unpublished.code != 0 && unpublished.err == "minirun: no port 81/tcp for container app-web-1\n", "\(unpublished.err)")
        #expect(project.compose(["port", "--index", "2", "web", "80"]).code != 0)
        #expect(box.run(["compose", "version", "--short"]).out == box.run(["version", "-f", "{{.Client.Version}}"]).out)
        #expect(project.compose(["down"]).code == 0)
        project.expectNothingLeft()
    }

    @Test(.disabled(if: MachineCgroups.whyNoFreezer != nil, Comment(rawValue: MachineCgroups.whyNoFreezer ?? "")))
    func pauseAndUnpauseTheServices() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let project = try Project(box, """
            services:
              a: {image: busybox, command: sleep 300, stop_signal: SIGKILL}
              b: {image: busybox, command: sleep 300, stop_signal: SIGKILL}
            \(Self.defaultNetwork(box, 10))
            """)
        defer { project.remove() }
        #expect(project.compose(["up", "-d"]).code == 0)
        let paused = { box.run(["inspect", "-f", "{{.Name}} {{.State.Paused}}", "app-a-1", "app-b-1"]).out }
        let pause = project.compose(["pause", "a"])
        #expect(pause.code == 0 && pause.err.contains("Container app-a-1  Paused"), "\(pause.err)")
        #expect(paused() == "/app-a-1 true\n/app-b-1 false\n")
        #expect(project.compose(["pause"]).code == 0, "the paused one is left as it is")
        #expect(paused() == "/app-a-1 true\n/app-b-1 true\n")
        #expect(project.compose(["unpause"]).code == 0)
        #expect(paused() == "/app-a-1 false\n/app-b-1 false\n")
        #expect(project.compose(["down"]).code == 0)
        project.expectNothingLeft()
    }

    @Test func scaleThreeGivesThreeAddressesBehindTheServiceName() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let project = try Project(box, """
            services:
              web: {image: busybox, command: sleep 300, stop_signal: SIGKILL}
              client: {image: busybox, command: sleep 300, stop_signal: SIGKILL}
            \(Self.defaultNetwork(box, 4))
            """)
        defer { project.remove() }
        let up = project.compose(["up", "-d", "--scale", "web=3"])
        #expect(up.code == 0, "\(up.err)")
        let names = ["app-web-1", "app-web-2", "app-web-3"]
        #expect(Set(project.containers.keys) == Set(names + ["app-client-1"]))
        let addresses = Set(names.map { box.address(of: $0) })
        #expect(addresses.count == 3 && !addresses.contains(""))
        let gateway = try #require(try box.inspectNetwork("app_default").gateway)
        let answer = project.compose(["exec", "-T", "client", "nslookup", "-type=a", "web", gateway]).out
        #expect(Set(DNSTests.addresses(answer)) == addresses, "\(answer)")
        // Back to one: the surplus goes, highest numbers first.
        #expect(project.compose(["up", "-d"]).code == 0)
        #expect(Set(project.containers.keys) == ["app-web-1", "app-client-1"])
        #expect(project.compose(["down"]).code == 0)
        project.expectNothingLeft()
    }

    @Test func dependsOnCompletedSuccessfullyWaitsForExitZero() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let project = try Project(box, """
            services:
              migrate: {image: busybox, command: sh -c 'sleep 1; echo done > /tmp/x'}
              web:
                image: busybox
                command: sleep 300
                stop_signal: SIGKILL
                depends_on:
                  migrate: {condition: service_completed_successfully}
            \(Self.defaultNetwork(box, 5))
            """)
        defer { project.remove() }
        let up = project.compose(["up", "-d"])
        #expect(up.code == 0, "\(up.err)")
        #expect(box.run(["inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "app-migrate-1"]).out == "exited 0\n")
        #expect(project.compose(["down"]).code == 0)

        try project.write("""
            services:
              migrate: {image: busybox, command: sh -c 'exit 3'}
              web: {image: busybox, command: sleep 300, stop_signal: SIGKILL, depends_on: {migrate: {condition: service_completed_successfully}}}
            \(Self.defaultNetwork(box, 5))
            """)
        let failed = project.compose(["up", "-d"])
        #expect(failed.code != 0 && failed.err.contains("service \"migrate\" didn't complete successfully: exit 3"), "\(failed.err)")
        #expect(project.containers["app-web-1"] == nil, "web is not made")
        #expect(project.compose(["down"]).code == 0)
        project.expectNothingLeft()
    }

    @Test func dependsOnHealthyAndUpWaitWaitForTheHealthCheck() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let project = try Project(box, """
            services:
              db:
                image: busybox
                command: sh -c 'sleep 2; touch /tmp/ready; exec sleep 300'
                stop_signal: SIGKILL
                healthcheck: {test: ["CMD-SHELL", "test -f /tmp/ready"], interval: 1s, retries: 30}
              web:
                image: busybox
                command: sleep 300
                stop_signal: SIGKILL
                depends_on:
                  db: {condition: service_healthy}
            \(Self.defaultNetwork(box, 6))
            """)
        defer { project.remove() }
        let up = project.compose(["up", "-d"])
        #expect(up.code == 0, "\(up.err)")
        #expect(box.run(["inspect", "-f", "{{.State.Health.Status}}", "app-db-1"]).out == "healthy\n", "web was started only after db was healthy")
        #expect(box.run(["inspect", "-f", "{{.State.Status}}", "app-web-1"]).out == "running\n")
        #expect(project.compose(["ps"]).out.contains("(healthy)"))
        #expect(project.compose(["down"]).code == 0)

        try project.write("""
            services:
              db: {image: busybox, command: sleep 300, stop_signal: SIGKILL, healthcheck: {test: ["CMD", "false"], interval: 1s, retries: 1}}
              web: {image: busybox, command: sleep 300, stop_signal: SIGKILL, depends_on: {db: {condition: service_healthy}}}
              plain: {image: busybox, command: sleep 300, stop_signal: SIGKILL}
              needs: {image: busybox, command: sleep 300, stop_signal: SIGKILL, depends_on: {plain: {condition: service_healthy}}, profiles: [x]}
            \(Self.defaultNetwork(box, 6))
            """)
        let unhealthy = project.compose(["up", "-d"])
        #expect(unhealthy.code != 0 && unhealthy.err.contains("container app-db-1 is unhealthy"), "\(unhealthy.err)")
        #expect(project.containers["app-web-1"] == nil, "web is not made")
        let noCheck = project.compose(["--profile", "x", "up", "-d", "needs"])
        #expect(noCheck.code != 0 && noCheck.err.contains("app-plain-1 has no healthcheck configured"), "\(noCheck.err)")
        #expect(project.compose(["down"]).code == 0)

        try project.write("""
            services:
              db: {image: busybox, command: sleep 300, stop_signal: SIGKILL, healthcheck: {test: ["CMD", "true"], interval: 1s}}
            \(Self.defaultNetwork(box, 6))
            """)
        let wait = project.compose(["up", "-d", "--wait"])
        #expect(wait.code == 0, "\(wait.err)")
        #expect(box.run(["inspect", "-f", "{{.State.Health.Status}}", "app-db-1"]).out == "healthy\n", "--wait returned once healthy")
        #expect(project.compose(["down"]).code == 0)
        project.expectNothingLeft()
    }

    @Test func aKilledUpLeavesAProjectTheNextUpConvergesAndDownRemoves() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let project = try Project(box, """
            services:
              a: {image: busybox, command: sleep 300, stop_signal: SIGKILL}
              b: {image: busybox, command: sleep 300, stop_signal: SIGKILL, depends_on: [a]}
              c: {image: busybox, command: sleep 300, stop_signal: SIGKILL, depends_on: [b]}
            \(Self.defaultNetwork(box, 6))
            """)
        defer { project.remove() }
        let process = try box.start(["compose", "--project-directory", project.directory, "-p", "app", "up", "-d"])
        usleep(300_000)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let up = project.compose(["up", "-d"])
        #expect(up.code == 0, "\(up.err)")
        #expect(project.compose(["ps", "-q"]).out.split(separator: "\n").count == 3)
        #expect(project.compose(["down"]).code == 0)
        project.expectNothingLeft()
    }

    /// The keys a service shares with `run`'s flags reach the container as those flags would:
    /// ulimits, sysctls, group_add, shm_size, tty, stdin_open, security_opt, dns_opt, pid, uts, ipc,
    /// volumes_from.
    @Test func serviceKeysThatRunTakesAsFlagsApply() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let project = try Project(box, """
            services:
              tuned:
                image: busybox
                command: sleep 300
                stop_signal: SIGKILL
                ulimits:
                  nproc: 70
                  nofile: {soft: 100, hard: 200}
                sysctls: {net.core.somaxconn: "511"}
                group_add: ["4321"]
                shm_size: 32m
                tty: true
                stdin_open: true
                security_opt: [no-new-privileges]
                dns_opt: [ndots:3]
                volumes: [/shared]
              hosted:
                image: busybox
                command: sleep 300
                stop_signal: SIGKILL
                pid: host
                uts: host
                ipc: none
                volumes_from: ["tuned:ro"]
            \(Self.defaultNetwork(box, 9))
            """)
        defer { project.remove() }
        #expect(project.compose(["up", "-d"]).code == 0)
        let shown = project.compose(["exec", "-T", "tuned", "sh", "-c", """
            ulimit -u; ulimit -n; ulimit -Hn; cat /proc/sys/net/core/somaxconn; id -G; grep ' /dev/shm ' /proc/mounts | grep -o 'size=[0-9a-z]*'
            readlink /proc/1/fd/0; grep NoNewPrivs /proc/1/status; grep options /etc/resolv.conf
            """])
        #expect(shown.out == "70\n100\n200\n511\n0 4321\nsize=32768k\n/dev/pts/0\nNoNewPrivs:\t1\noptions ndots:3\n", "\(shown.err)")
        #expect(project.compose(["exec", "-T", "tuned", "sh", "-c", "echo from-tuned > /shared/file"]).code == 0)
        let hosted = project.compose(["exec", "-T", "hosted", "sh", "-c",
                                      "cat /proc/1/comm; hostname; test -e /dev/shm || echo no shm; cat /shared/file; touch /shared/x || true"])
        let host = (try String(contentsOfFile: "/proc/1/comm", encoding: .utf8)) + Command.run("/bin/hostname", []).out
        #expect(hosted.out == host + "no shm\nfrom-tuned\n", "pid, uts, ipc and volumes_from: \(hosted.err)")
        #expect(hosted.err.contains("Read-only file system"), "volumes_from tuned:ro")
        #expect(project.compose(["down"]).code == 0)
        project.expectNothingLeft()
    }

    @Test func badInputIsRefusedBeforeAnythingIsMade() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let cases: [(text: String, arguments: [String], environment: [String: String], message: String)] = [
            ("services:\n  a: {image: busybox, depends_on: [b]}\n  b: {image: busybox, depends_on: [a]}\n", ["up", "-d"], [:],
             "dependency cycle detected: a -> b -> a"),
            ("services:\n  a: {image: busybox, depends_on: [nosuch]}\n", ["up", "-d"], [:], "undefined service \"nosuch\""),
            ("services:\n  a: {image: busybox}\n", ["up", "-d", "nosuch"], [:], "no such service: nosuch"),
            ("services:\n  a: {image: \"busybox:${TAG:?TAG must name the release}\"}\n", ["up", "-d"], [:],
             "required variable TAG is missing a value: TAG must name the release"),
            ("services:\n  a:\n    image: busybox\n    prots: [\"3306:3306\"]\n", ["up", "-d"], [:], "compose.yaml:4:5: unknown key \"prots\" in services.a"),
            ("services:\n  a: {image: busybox\n", ["up", "-d"], [:], "compose.yaml:3:1: invalid YAML"),
            ("services:\n  a: {image: busybox, command: sleep 300, stop_signal: SIGKILL}\n", ["up", "-d", "--scale", "a=-1"], [:], "must not be negative"),
            ("services:\n  a: {image: busybox, ulimits: {nofile: {soft: 1}}}\n", ["up", "-d"], [:], "services.a.ulimits.nofile: soft and hard are both required"),
            ("services:\n  a: {image: busybox, ulimits: {files: 1}}\n", ["up", "-d"], [:], "invalid ulimit type: files"),
            ("services:\n  a: {image: busybox, sysctls: [kernel.hostname=x]}\n", ["up", "-d"], [:], "sysctl 'kernel.hostname=x' is not allowed"),
            ("services:\n  a: {image: busybox, mem_limit: lots}\n", ["up", "-d"], [:], "invalid size: 'lots'"),
            ("services:\n  a: {image: busybox, shm_size: lots}\n", ["up", "-d"], [:], "invalid size: 'lots'"),
            ("services:\n  a: {image: busybox, cpus: 1, cpu_quota: 50000}\n", ["up", "-d"], [:],
             "Conflicting options: Nano CPUs and CPU Quota cannot both be set"),
            ("services:\n  a: {image: busybox, security_opt: [bogus]}\n", ["up", "-d"], [:], "invalid --security-opt: bogus"),
        ]
        for (index, testCase) in cases.enumerated() {
            let project = try Project(box, testCase.text, name: "bad\(index)")
            defer { project.remove() }
            let result = project.compose(testCase.arguments, environment: testCase.environment)
            #expect(result.code != 0 && result.err.contains(testCase.message), "case \(index): \(result.err)")
            #expect(result.err.split(separator: "\n").count == 1, "one line: \(result.err)")
            project.expectNothingLeft()
        }
    }

    @Test func theSeedComposeFileIsRejectedWithLineAndColumnAndACorrectedCopyComesUp() throws {
        let box = try Sandbox()
        defer { box.finish() }
        // The seed document's second compose file (shared/seed/), as written: tabs, `version:'3.3'`.
        let seed = "version:'3.3'\nservices:\n app1:\n \timage : springboot\n \tports :\n \t - 8080:8080\n \tcontainer_name:app1\n \tnetworks :\n \t - mynetwork\n mysql:\n \timage: mysql:5.7\n \tenvironment :\n \t - MYSQL_ROOT_PASSWORD=1234\n \t - TZ=Asia/Seoul\n \tcontainer_name: mysql\n \tports:\n \t - 3306:3306\n\tnetworks :\n \t - mynetwork\n\nnetworks:\n mynetwork:\n"
        let project = try Project(box, seed, name: "seed")
        defer { project.remove() }
        let rejected = project.compose(["up", "-d"])
        #expect(rejected.code != 0 && rejected.err.contains("compose.yaml:2:9: invalid YAML: mapping values are not allowed"), "\(rejected.err)")
        project.expectNothingLeft()
        // And the seed document itself, where the checkout has it beside (../shared/seed/): each of its
        // compose files is refused at the same place.
        let seedDirectory = BusyboxImage.packageRoot + "/../shared/seed"
        let documents = (try? FileManager.default.contentsOfDirectory(atPath: seedDirectory)) ?? []
        if documents.isEmpty { print("note: no \(seedDirectory); the seed's file is checked from the copy above only") }
        for document in documents {
            let text = try String(contentsOfFile: seedDirectory + "/" + document, encoding: .utf8)
            for (index, block) in text.components(separatedBy: "```yaml\n").dropFirst().enumerated() {
                let file = try Project(box, block.components(separatedBy: "```")[0], name: "seed\(index)")
                defer { file.remove() }
                let result = file.compose(["up", "-d"])
                #expect(result.code != 0 && result.err.contains("compose.yaml:2:9: invalid YAML"), "\(document) block \(index): \(result.err)")
            }
        }
        project.expectNothingLeft()

        // Corrected: spaces, `version: '3.3'`, busybox in place of springboot and mysql (with a command
        // to run, which those images have), published on ports of the test's own.
        try project.write("""
            version: '3.3'
            services:
              app1:
                image: busybox
                command: sh -c 'mkdir -p /www && echo hello-from-app1 > /www/index.html && exec httpd -f -p 8080 -h /www'
                stop_signal: SIGKILL
                ports:
                  - 28080:8080
                container_name: app1
                networks:
                  - mynetwork
              mysql:
                image: busybox
                command: sleep 300
                stop_signal: SIGKILL
                environment:
                  - MYSQL_ROOT_PASSWORD=1234
                  - TZ=Asia/Seoul
                container_name: mysql
                ports:
                  - 23306:3306
                networks:
                  - mynetwork
            networks:
              mynetwork:
                ipam:
                  config:
                    - subnet: \(box.subnet(7))
            """)
        let up = project.compose(["up", "-d"])
        #expect(up.code == 0, "\(up.err)")
        #expect(up.err.contains("`version` is obsolete"))
        #expect(Set(project.containers.keys) == ["app1", "mysql"])
        let fetched = project.compose(["exec", "-T", "mysql", "timeout", "5", "wget", "-q", "-O-", "http://app1:8080/"])
        #expect(fetched.out.contains("hello-from-app1"), "\(fetched.out) \(fetched.err)")
        #expect(eventually { Command.run("/bin/sh", ["-c", "timeout 5 busybox wget -q -O- http://127.0.0.1:28080/"]).out.contains("hello-from-app1") })
        #expect(project.compose(["down"]).code == 0)
        project.expectNothingLeft()
    }
}
