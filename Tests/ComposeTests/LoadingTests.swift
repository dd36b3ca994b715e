import Compose
import Testing

@Suite struct LoadingTests {
    @Test func findsComposeYamlAndMergesItsOverride() throws {
        let fixture = try ProjectFixture(files: [
            "compose.yaml": "services:\n  web:\n    image: busybox\n    environment: [A=1, B=2]\n    ports: [\"8080:80\"]\n",
            "compose.override.yaml": "services:\n  web:\n    environment:\n      B: three\n    ports: [\"9090:90\"]\n",
            "docker-compose.yml": "services:\n  other:\n    image: busybox\n",
        ])
        defer { fixture.remove() }
        let project = try fixture.load().project
        #expect(project.configFiles == [fixture.directory + "/compose.yaml", fixture.directory + "/compose.override.yaml"])
        let web = try #require(project.services["web"])
        #expect(web.environment == ["A": "1", "B": "three"])
        #expect(web.ports.map(\.target) == [80, 90])
        #expect(project.services["other"] == nil)
    }

    @Test func severalFilesMergeInOrder() throws {
        let fixture = try ProjectFixture(files: [
            "a.yml": "services:\n  web:\n    image: busybox\n    command: sleep 1\n",
            "b.yml": "services:\n  web:\n    image: busybox:2\n    command: [\"sleep\", \"2\"]\n  db:\n    image: busybox\n",
        ])
        defer { fixture.remove() }
        let project = try fixture.load(files: ["a.yml", "b.yml"]).project
        #expect(project.services["web"]?.image == "busybox:2")
        #expect(project.services["web"]?.command == ["sleep", "2"])
        #expect(project.services.keys.sorted() == ["db", "web"])
    }

    @Test func projectNamePrecedence() throws {
        let fixture = try ProjectFixture(name: "My_App.Dir", files: ["compose.yml": "services:\n  web:\n    image: busybox\n"])
        defer { fixture.remove() }
        #expect(try fixture.load().project.name == "my_appdir")
        #expect(try fixture.load(environment: ["COMPOSE_PROJECT_NAME": "fromenv"]).project.name == "fromenv")
        #expect(try fixture.load(projectName: "given", environment: ["COMPOSE_PROJECT_NAME": "fromenv"]).project.name == "given")
        #expect(throws: (any Error).self) { try fixture.load(projectName: "Bad Name") }
        let named = try ProjectFixture(files: ["compose.yml": "name: fromfile\nservices:\n  web:\n    image: busybox\n"])
        defer { named.remove() }
        #expect(try named.load().project.name == "fromfile")
        #expect(try named.load().project.networkName("default") == "fromfile_default")
    }

    @Test func interpolationFromShellAndDotEnv() throws {
        let fixture = try ProjectFixture(files: [
            ".env": "TAG=fromfile\nexport PORT=8080 # a comment\nQUOTED=\"a b\"\n",
            "compose.yaml": """
            services:
              web:
                image: busybox:${TAG}
                environment:
                  - EMPTY=${UNSET:-default}
                  - DASH=${SETEMPTY-kept}
                  - COLON=${SETEMPTY:-replaced}
                  - DOLLAR=$$HOME
                  - PLAIN=$PORT
                  - PLUS=${TAG:+yes}
                  - QUOTED=${QUOTED}
                  - NESTED=${UNSET:-${TAG}}
            """,
        ])
        defer { fixture.remove() }
        let loaded = try fixture.load(environment: ["SETEMPTY": ""])
        let web = try #require(loaded.project.services["web"])
        #expect(web.image == "busybox:fromfile")
        #expect(web.environment == ["EMPTY": "default", "DASH": "", "COLON": "replaced", "DOLLAR": "$HOME", "PLAIN": "8080",
                                    "PLUS": "yes", "QUOTED": "a b", "NESTED": "fromfile"])
        #expect(try fixture.load(environment: ["TAG": "shell"]).project.services["web"]?.image == "busybox:shell")
    }

    @Test func requiredVariableMissingPrintsItsMessage() throws {
        let fixture = try ProjectFixture(files: ["compose.yaml": "services:\n  web:\n    image: \"busybox:${TAG:?set TAG to the release}\"\n"])
        defer { fixture.remove() }
        #expect(fixture.loadError().contains("required variable TAG is missing a value: set TAG to the release"))
        #expect(fixture.loadError(environment: ["TAG": ""]).contains("required variable TAG"))
        #expect(fixture.loadError(environment: ["TAG": "1"]) == "")
        let unsetOnly = try ProjectFixture(files: ["compose.yaml": "services:\n  web:\n    image: \"busybox${TAG?}\"\n"])
        defer { unsetOnly.remove() }
        #expect(unsetOnly.loadError(environment: ["TAG": ""]) == "")
        #expect(unsetOnly.loadError().contains("required variable TAG is missing a value"))
    }

    @Test func unknownKeyNamesItAndItsPath() throws {
        let fixture = try ProjectFixture(files: ["compose.yaml": "services:\n  mysql:\n    image: busybox\n    prots:\n      - 3306:3306\n"])
        defer { fixture.remove() }
        let message = fixture.loadError()
        #expect(message.contains("compose.yaml:4:5: unknown key \"prots\" in services.mysql"), "\(message)")
    }

    @Test func obsoleteVersionIsAWarning() throws {
        let fixture = try ProjectFixture(files: ["compose.yaml": "version: '3.3'\nservices:\n  web:\n    image: busybox\n"])
        defer { fixture.remove() }
        #expect(try fixture.load().warnings.contains { $0.contains("`version` is obsolete") })
    }

    @Test func yamlErrorsGiveFileLineAndColumn() throws {
        let fixture = try ProjectFixture(files: ["compose.yaml": SeedFile.firstComposeFile])
        defer { fixture.remove() }
        let message = fixture.loadError()
        #expect(message.hasPrefix(fixture.directory + "/compose.yaml:2:9: invalid YAML: mapping values are not allowed"), "\(message)")
    }

    @Test func dependencyCycleNamesTheServices() throws {
        let fixture = try ProjectFixture(files: ["compose.yaml": """
            services:
              a: {image: busybox, depends_on: [b]}
              b: {image: busybox, depends_on: [c]}
              c: {image: busybox, depends_on: [a]}
              d: {image: busybox}
            """])
        defer { fixture.remove() }
        #expect(fixture.loadError().contains("dependency cycle detected: a -> b -> c -> a"))
    }

    @Test func unknownDependencyIsNamed() throws {
        let fixture = try ProjectFixture(files: ["compose.yaml": "services:\n  web:\n    image: busybox\n    depends_on:\n      db:\n        condition: service_healthy\n"])
        defer { fixture.remove() }
        #expect(fixture.loadError().contains("service \"web\" depends on undefined service \"db\""))
    }

    @Test func dependencyOrderPutsDependenciesFirst() throws {
        let fixture = try ProjectFixture(files: ["compose.yaml": """
            services:
              web: {image: busybox, depends_on: {db: {condition: service_started}}, links: [cache]}
              db: {image: busybox, volumes_from: ["store:ro"]}
              cache: {image: busybox}
              store: {image: busybox}
            """])
        defer { fixture.remove() }
        #expect(try DependencyOrder.sorted(fixture.load().project).map(\.name) == ["cache", "store", "db", "web"])
    }

    @Test func shortSyntaxesBecomeLongOnes() throws {
        let fixture = try ProjectFixture(files: ["compose.yaml": """
            services:
              web:
                image: busybox
                command: sh -c 'echo "a b"; sleep 1'
                ports: ["127.0.0.1:8000-8001:80-81/udp", "9000", {target: 53, published: 5353, protocol: udp}]
                volumes: ["./data:/data:ro", "named:/named", "/anon", {type: tmpfs, target: /scratch}]
                networks:
                  front: {aliases: [www], ipv4_address: 10.99.0.5}
                stop_grace_period: 1m30s
            volumes:
              named: {labels: [keep=yes, plain]}
            networks:
              front:
                labels: {tier: front}
                attachable: true
                driver_opts: {com.docker.network.bridge.name: appfront0, com.docker.network.driver.mtu: 1400}
                ipam:
                  config: [{subnet: 10.99.0.0/24, gateway: 10.99.0.1, ip_range: 10.99.0.128/25, aux_addresses: {router: 10.99.0.254}}]
            """])
        defer { fixture.remove() }
        let project = try fixture.load().project
        let web = try #require(project.services["web"])
        #expect(web.command == ["sh", "-c", "echo \"a b\"; sleep 1"])
        #expect(web.ports.map { "\($0.hostIP ?? "-") \($0.published ?? 0) \($0.target) \($0.protocol)" }
            == ["127.0.0.1 8000 80 udp", "127.0.0.1 8001 81 udp", "- 0 9000 tcp", "- 5353 53 udp"])
        #expect(web.volumes == [
            VolumeSpec(type: .bind, source: fixture.directory + "/data", target: "/data", readOnly: true, createHostPath: true),
            VolumeSpec(type: .volume, source: "named", target: "/named"),
            VolumeSpec(type: .volume, source: nil, target: "/anon"),
            VolumeSpec(type: .tmpfs, source: nil, target: "/scratch"),
        ])
        #expect(web.networks?["front"]?.aliases == ["www"])
        #expect(web.networks?["front"]?.ipv4Address == "10.99.0.5")
        #expect(web.stopGracePeriod == 90)
        #expect(project.networks["front"]?.subnet == "10.99.0.0/24")
        #expect(project.networks["front"]?.ipRange == "10.99.0.128/25")
        #expect(project.networks["front"]?.auxiliaryAddresses == ["router": "10.99.0.254"])
        #expect(project.networks["front"]?.labels == ["tier": "front"])
        #expect(project.networks["front"]?.driverOptions == ["com.docker.network.bridge.name": "appfront0", "com.docker.network.driver.mtu": "1400"] && project.networks["front"]?.isAttachable == true)
        #expect(project.volumes["named"]?.labels == ["keep": "yes", "plain": ""])
        #expect(project.volumeName("named") == "app_named")
    }

    /// deploy's resources and restart_policy reach the service as Compose applies them outside a
    /// swarm; build's labels, tags, no_cache and network are read.
    @Test func deployAndBuildOptionsAreRead() throws {
        let fixture = try ProjectFixture(files: ["compose.yaml": """
            services:
              web:
                image: busybox
                cpus: 0.5
                deploy:
                  resources:
                    limits: {cpus: 0.5, memory: 64M, pids: 20}
                    reservations: {memory: 32M}
                  restart_policy: {condition: on-failure, max_attempts: 3}
                mem_swappiness: 10
                oom_kill_disable: true
              app:
                build:
                  context: .
                  labels: [tier=app]
                  tags: [extra/app:1]
                  no_cache: true
                  network: none
                deploy: {restart_policy: {}}
            """])
        defer { fixture.remove() }
        let project = try fixture.load().project
        let web = try #require(project.services["web"])
        #expect(web.cpus == "0.5" && web.memLimit == "64M" && web.pidsLimit == 20 && web.memReservation == "32M")
        #expect(web.restart == "on-failure:3")
        #expect(web.memSwappiness == 10 && web.oomKillDisable)
        let app = try #require(project.services["app"])
        #expect(app.restart == "always", "restart_policy's condition is any unless it says otherwise")
        #expect(app.build?.labels == ["tier": "app"] && app.build?.tags == ["extra/app:1"] && app.build?.noCache == true && app.build?.network == "none")
    }

    @Test func configHashFollowsTheServiceNotItsScale() throws {
        var service = ComposeService(name: "web")
        service.image = "busybox"
        let hash = try service.configHash()
        service.replicas = 3
        #expect(try service.configHash() == hash)
        service.image = "busybox:2"
        #expect(try service.configHash() != hash)
    }

    @Test func profilesHideServicesUntilEnabled() throws {
        let fixture = try ProjectFixture(files: ["compose.yaml": "services:\n  web: {image: busybox}\n  debug: {image: busybox, profiles: [tools]}\n"])
        defer { fixture.remove() }
        #expect(try fixture.load().project.services.keys.sorted() == ["web"])
        #expect(try fixture.load(profiles: ["tools"]).project.services.keys.sorted() == ["debug", "web"])
    }

    @Test func badValuesAreRefusedWithTheirPath() throws {
        let cases: [(String, String)] = [
            ("services:\n  web: {image: busybox, ports: [\"80:80:80:80\"]}\n", "services.web.ports[0]"),
            ("services:\n  web: {image: busybox, privileged: maybe}\n", "services.web.privileged: must be a boolean"),
            ("services:\n  web: {image: busybox, networks: [nowhere]}\n", "undefined network nowhere"),
            ("services:\n  web: {image: busybox, volumes: [\"data:/data\"]}\n", "undefined volume data"),
            ("services:\n  web: {command: true}\n", "has neither an image nor a build context"),
            ("networks:\n  n: {driver: overlay}\nservices:\n  web: {image: busybox}\n", "bridge networks only"),
            ("services:\n  web: {image: busybox, secrets: [token]}\n", "\"secrets\" is not supported by minirun"),
            ("services:\n  web: {image: busybox, pull_policy: sometimes}\n",
             "services.web.pull_policy: invalid pull policy \"sometimes\": must be always, never, missing, if_not_present or build"),
            ("services:\n  web: {image: busybox, platform: arm64}\n", "services.web.platform: invalid platform: arm64 (want os/arch[/variant])"),
            ("services:\n  web: {image: busybox, mac_address: \"92:d0\"}\n", "services.web.mac_address: 92:d0 is not a valid mac address"),
            ("services:\n  web: {image: busybox, volumes_from: [db]}\n", "service \"web\" takes the volumes of undefined service \"db\""),
            ("services:\n  web: {image: busybox, logging: {driver: syslog}}\n", "services.web.logging: logging driver syslog is not supported by minirun"),
            ("services:\n  web: {image: busybox, pid: nobody}\n", "services.web.pid: --pid: invalid PID mode"),
            ("services:\n  web: {image: busybox, ipc: \"container:\"}\n", "services.web.ipc: --ipc: invalid IPC mode"),
            ("networks:\n  n: {ipam: {config: [{subnet: 10.9.0.0/16, ip_range: 10.9.0.0/33}]}}\nservices:\n  web: {image: busybox}\n",
             "networks.n.ipam.config[0].ip_range: \"10.9.0.0/33\" is not an IPv4 subnet"),
            ("networks:\n  n: {ipam: {config: [{subnet: 10.9.0.0/16, aux_addresses: {r: nope}}]}}\nservices:\n  web: {image: busybox}\n",
             "networks.n.ipam.config[0].aux_addresses.r: \"nope\" is not an IPv4 address"),
            ("networks:\n  n: {enable_ipv6: true}\nservices:\n  web: {image: busybox}\n", "networks.n.enable_ipv6: minirun's networks are IPv4 only"),
            ("services:\n  web: {image: busybox, mem_swappiness: 101}\n", "services.web.mem_swappiness: Invalid value: 101, valid memory swappiness range is 0-100"),
            ("networks:\n  n: {ipam: {driver: dhcp}}\nservices:\n  web: {image: busybox}\n", "networks.n.ipam.driver: minirun's networks take the default IPAM driver, not \"dhcp\""),
            ("networks:\n  n: {driver_opts: {com.docker.network.driver.mtu: 20}}\nservices:\n  web: {image: busybox}\n",
             "networks.n.driver_opts: invalid MTU number: 20 (68 to 65535)"),
            ("volumes:\n  v: {driver_opts: {type: tmpfs}}\nservices:\n  web: {image: busybox}\n", "volumes.v.driver_opts: missing required option: \"device\""),
            ("services:\n  web: {image: busybox, mem_limit: 1g, deploy: {resources: {limits: {memory: 2g}}}}\n",
             "services.web.deploy.resources.limits.memory: \"mem_limit\" and \"services.web.deploy.resources.limits.memory\" must be the same"),
            ("services:\n  web: {image: busybox, deploy: {restart_policy: {condition: sometimes}}}\n",
             "services.web.deploy.restart_policy.condition: \"sometimes\" is none of none, on-failure, any"),
            ("services:\n  web: {build: {context: ., network: mynet}}\n", "services.web.build.network: a build's RUN steps take bridge, host or none"),
            ("[1, 2]\n", "must be a mapping"),
        ]
        for (text, expected) in cases {
            let fixture = try ProjectFixture(files: ["compose.yaml": text])
            defer { fixture.remove() }
            let message = fixture.loadError()
            #expect(message.contains(expected), "\(text) gave: \(message)")
        }
    }
}

/// The seed document's first docker-compose.yml (shared/seed/), as written there: tabs, `version:'3.3'`
/// without a space, and `prots:`.
enum SeedFile {
    static let firstComposeFile = "version:'3.3'\nservices:\n app1:\n \timage : springboot\n \tports :\n \t - 8080:8080\n \tcontainer_name:app1\n mysql:\n \timage: mysql:5.7\n \tenvironment :\n \t - MYSQL_ROOT_PASSWORD=1234\n \t - TZ=Asia/Seoul\n \tcontainer_name: mysql\n \tprots:\n \t - 3306:3306\n"
}
