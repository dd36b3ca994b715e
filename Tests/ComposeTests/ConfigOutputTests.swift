import Compose
import Testing

/// `compose config` prints the project as docker compose does: only what the files say, each value
/// in its long form, no empty, null or default key.
@Suite struct ConfigOutputTests {
    @Test func aPlainServiceHasNoEmptyOrDefaultKeys() throws {
        let fixture = try ProjectFixture(files: ["compose.yaml": "services:\n  web:\n    image: busybox\n    command: sleep 10\n"])
        defer { fixture.remove() }
        #expect(try fixture.load().project.yaml() == """
            name: app
            networks:
              default:
                name: app_default
            services:
              web:
                command:
                - sleep
                - '10'
                image: busybox
                networks:
                  default: null

            """)
    }

    @Test func whatTheFilesSayIsWrittenInItsLongForm() throws {
        let fixture = try ProjectFixture(files: ["compose.yaml": """
            services:
              web:
                image: busybox
                environment: [A=1]
                ports: ["127.0.0.1:8080:80"]
                volumes: ["data:/data:ro"]
                networks:
                  front: {aliases: [www]}
                depends_on: [db]
                privileged: true
                stop_grace_period: 1m
                deploy: {replicas: 2}
              db:
                image: busybox
                networks: [front]
            networks:
              front:
                internal: true
                labels: [tier=front]
                ipam:
                  config: [{subnet: 10.99.0.0/24, ip_range: 10.99.0.64/26, aux_addresses: {printer: 10.99.0.9}}]
            volumes:
              data: {labels: {keep: "yes"}}
            """])
        defer { fixture.remove() }
        #expect(try fixture.load().project.yaml() == """
            name: app
            networks:
              front:
                internal: true
                ipam:
                  config:
                  - aux_addresses:
                      printer: 10.99.0.9
                    ip_range: 10.99.0.64/26
                    subnet: 10.99.0.0/24
                labels:
                  tier: front
                name: app_front
            services:
              db:
                image: busybox
                networks:
                  front: null
              web:
                depends_on:
                  db:
                    condition: service_started
                    required: true
                deploy:
                  replicas: 2
                environment:
                  A: '1'
                image: busybox
                networks:
                  front:
                    aliases:
                    - www
                ports:
                - host_ip: 127.0.0.1
                  protocol: tcp
                  published: 8080
                  target: 80
                privileged: true
                stop_grace_period: 60s
                volumes:
                - read_only: true
                  source: data
                  target: /data
                  type: volume
            volumes:
              data:
                labels:
                  keep: 'yes'
                name: app_data

            """)
    }

    /// The keys that shape networks, ports and restarts come back as written; a restart: false or
    /// an oom_kill_disable: false, Compose's defaults, are left out.
    @Test func networkPortAndDependencyDetailsAreKept() throws {
        let fixture = try ProjectFixture(files: ["compose.yaml": """
            services:
              web:
                image: busybox
                ports: [{target: 80, published: "8080", name: http, app_protocol: http}]
                networks: {front: {priority: 100}}
                depends_on: {db: {condition: service_started, restart: true}, cache: {restart: false}}
                mem_swappiness: 10
                oom_kill_disable: true
              db: {image: busybox, networks: [front], oom_kill_disable: false}
              cache: {image: busybox, networks: [front]}
            networks:
              front:
                driver_opts: {com.docker.network.driver.mtu: 1400}
                ipam: {driver: default, options: {note: kept}}
            """])
        defer { fixture.remove() }
        let yaml = try fixture.load().project.yaml()
        #expect(yaml.contains("""
                driver_opts:
                  com.docker.network.driver.mtu: '1400'
                ipam:
                  options:
                    note: kept
            """), "\(yaml)")
        #expect(yaml.contains("""
                depends_on:
                  cache:
                    condition: service_started
                    required: true
                  db:
                    condition: service_started
                    required: true
                    restart: true
            """), "\(yaml)")
        #expect(yaml.contains("""
                mem_swappiness: 10
                networks:
                  front:
                    priority: 100
                oom_kill_disable: true
                ports:
                - app_protocol: http
                  name: http
                  protocol: tcp
                  published: 8080
                  target: 80
            """), "\(yaml)")
        #expect(yaml.components(separatedBy: "oom_kill_disable").count == 2, "only web's")
    }

    /// ulimits keep the form they were written in, shm_size is bytes, sysctls a mapping, as Compose's;
    /// pid, ipc and uts as written.
    @Test func runFlagKeysAreWrittenAsComposeWritesThem() throws {
        let fixture = try ProjectFixture(files: ["compose.yaml": """
            services:
              web:
                image: busybox
                network_mode: none
                ulimits: {nproc: 70, nofile: {soft: 100, hard: 200}}
                sysctls: [net.core.somaxconn=511]
                group_add: [audio]
                shm_size: 1m
                tty: true
                stdin_open: true
                security_opt: [no-new-privileges]
                devices: [/dev/null:/dev/mynull, {source: /dev/zero, permissions: r}]
                pid: host
                ipc: none
                uts: host
                volumes_from: [other, "container:data:ro"]
                cpuset: "0"
                cpu_period: 50000
                cpu_quota: 25000
                mem_reservation: 32m
                pull_policy: if_not_present
                platform: linux/arm64/v8
                mac_address: "92:D0:C6:0A:29:33"
                domainname: example.org
                cgroup: host
                oom_score_adj: 200
                logging: {driver: json-file, options: {max-size: 1m, max-file: "2"}}
              other: {image: busybox, network_mode: none}
            """])
        defer { fixture.remove() }
        #expect(try fixture.load().project.yaml() == """
            name: app
            services:
              other:
                image: busybox
                network_mode: none
              web:
                cgroup: host
                cpu_period: 50000
                cpu_quota: 25000
                cpuset: '0'
                devices:
                - permissions: rwm
                  source: /dev/null
                  target: /dev/mynull
                - permissions: r
                  source: /dev/zero
                  target: /dev/zero
                domainname: example.org
                group_add:
                - audio
                image: busybox
                ipc: none
                logging:
                  driver: json-file
                  options:
                    max-file: '2'
                    max-size: 1m
                mac_address: 92:d0:c6:0a:29:33
                mem_reservation: 32m
                network_mode: none
                oom_score_adj: 200
                pid: host
                platform: linux/arm64/v8
                pull_policy: missing
                security_opt:
                - no-new-privileges
                shm_size: '1048576'
                stdin_open: true
                sysctls:
                  net.core.somaxconn: '511'
                tty: true
                ulimits:
                  nofile:
                    hard: 200
                    soft: 100
                  nproc: 70
                uts: host
                volumes_from:
                - other
                - container:data:ro

            """)
    }

    @Test func aDefaultSpelledOutHashesAsLeftOut() throws {
        let plain = try ProjectFixture(files: ["compose.yaml": "services:\n  web: {image: busybox}\n"])
        defer { plain.remove() }
        let spelled = try ProjectFixture(files: ["compose.yaml": "services:\n  web: {image: busybox, privileged: false, environment: {}, ports: []}\n"])
        defer { spelled.remove() }
        let hash = try #require(try plain.load().project.services["web"]).configHash()
        #expect(try #require(try spelled.load().project.services["web"]).configHash() == hash)
    }
}
