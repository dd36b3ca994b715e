import Foundation
import TestSupport
import Testing

/// `network create --ip-range` and `--aux-address` (and compose's `ip_range`, `aux_addresses`):
/// containers get addresses from the range, the first one included, never an auxiliary one; an
/// address asked for may lie anywhere in the subnet.
@Suite(.enabled(if: isRoot, "needs root"))
struct IPRangeTests {
    @Test func containersTakeAddressesFromTheRangeAndSkipAuxiliaryOnes() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let prefix = "10.\(box.subnetOctet).1."
        let made = box.run(["network", "create", "--subnet", box.subnet(1), "--ip-range", prefix + "16/28",
                            "--aux-address", "printer=\(prefix)17", "--attachable", "ranged"])
        #expect(made.code == 0, "\(made.err)")
        #expect(box.run(["network", "inspect", "-f", "{{.Attachable}}", "ranged"]).out == "true\n")
        #expect(box.run(["network", "inspect", "-f", "{{range .IPAM.Config}}{{.IPRange}} {{.AuxiliaryAddresses}} {{.Gateway}}{{end}}", "ranged"]).out
            == "\(prefix)16/28 map[printer:\(prefix)17] \(prefix)1\n")
        for name in ["one", "two"] {
            #expect(box.run(["run", "-d", "--name", name, "--network", "ranged", "busybox", "sleep", "300"]).code == 0)
        }
        #expect(box.run(["inspect", "-f", "{{.NetworkSettings.Networks.ranged.IPAddress}}", "one", "two"]).out
            == "\(prefix)16\n\(prefix)18\n", "the range's first address, then past the auxiliary one")
        let inside = box.run(["run", "--rm", "--network", "ranged", "--ip", prefix + "200", "busybox", "ip", "-4", "addr", "show", "eth0"]).out
        #expect(inside.contains("inet \(prefix)200/24"), "an address asked for outside the range, with the subnet's prefix: \(inside)")
        let auxiliary = box.run(["run", "--rm", "--network", "ranged", "--ip", prefix + "17", "busybox", "true"])
        #expect(auxiliary.code == 125 && auxiliary.err.contains("Address already in use: \(prefix)17"), "\(auxiliary.err)")
    }

    @Test func aRangeOrAuxiliaryAddressOutsideTheSubnetIsRefused() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let cases: [([String], String)] = [
            (["--ip-range", "10.\(box.subnetOctet).1.0/28"], "no matching subnet for range"),
            (["--subnet", box.subnet(1), "--ip-range", "10.\(box.subnetOctet).2.0/28"], "no matching subnet for range 10.\(box.subnetOctet).2.0/28"),
            (["--subnet", box.subnet(1), "--aux-address", "a=10.\(box.subnetOctet).2.1"], "no matching subnet for aux-address 10.\(box.subnetOctet).2.1"),
            (["--subnet", box.subnet(1), "--ip-range", "wide"], "invalid CIDR address: wide"),
            (["--subnet", box.subnet(1), "--aux-address", "10.0.0.1"], "invalid aux-address 10.0.0.1"),
            (["--ipv6"], "--ipv6: minirun's networks are IPv4 only"),
        ]
        for (arguments, message) in cases {
            let refused = box.run(["network", "create"] + arguments + ["refused"])
            #expect(refused.code != 0 && refused.err.contains(message) && refused.err.split(separator: "\n").count == 1, "\(arguments): \(refused.err)")
        }
        #expect(!box.run(["network", "ls", "--format", "{{.Name}}"]).out.contains("refused"), "nothing made")
    }

    @Test func composeTakesTheRangeAndAuxiliaryAddresses() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let prefix = "10.\(box.subnetOctet).3."
        let project = try ComposeProjectTests.Project(box, """
            services:
              web:
                image: busybox
                command: sleep 300
                stop_signal: SIGKILL
            networks:
              default:
                ipam:
                  config:
                    - subnet: \(box.subnet(3))
                      ip_range: \(prefix)64/26
                      aux_addresses: {router: \(prefix)64}
            """)
        defer { project.remove() }
        #expect(project.compose(["up", "-d"]).code == 0)
        #expect(box.run(["inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", "app-web-1"]).out == prefix + "65\n")
        #expect(project.compose(["down"]).code == 0)
    }
}

/// What compose makes besides containers carries Compose's labels and the file's own: `network ls
/// --filter label=com.docker.compose.project=app` finds a project's networks, `volume ls` its volumes.
@Suite(.enabled(if: isRoot, "needs root"))
struct ComposeResourceLabelTests {
    @Test func networksAndVolumesCarryTheProjectsLabelsAndTheBridgeName() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let bridge = "mrlab\(box.subnetOctet)"
        let project = try ComposeProjectTests.Project(box, """
            services:
              web:
                image: busybox
                command: sleep 300
                stop_signal: SIGKILL
                volumes: [data:/data]
            networks:
              default:
                labels: [tier=front]
                driver_opts: {com.docker.network.bridge.name: \(bridge)}
                ipam:
                  config: [{subnet: \(box.subnet(4))}]
            volumes:
              data: {labels: {keep: "yes"}}
            """)
        defer { project.remove() }
        let up = project.compose(["up", "-d"])
        #expect(up.code == 0 && up.err.contains("Volume app_data  Created"), "\(up.err)")
        #expect(box.run(["network", "inspect", "-f", "{{json .Labels}} {{index .Options \"com.docker.network.bridge.name\"}}", "app_default"]).out
            == #"{"com.docker.compose.network":"default","com.docker.compose.project":"app","com.docker.compose.version":"2.0.0-minirun","tier":"front"} "# + bridge + "\n")
        #expect(FileManager.default.fileExists(atPath: "/sys/class/net/\(bridge)"), "the bridge has the name the file gave")
        #expect(box.run(["volume", "ls", "-q", "--filter", "label=com.docker.compose.project=app"]).out == "app_data\n")
        #expect(box.run(["volume", "inspect", "-f", "{{index .Labels \"com.docker.compose.volume\"}} {{index .Labels \"keep\"}}", "app_data"]).out == "data yes\n")
        #expect(project.compose(["down", "-v"]).code == 0)
        #expect(!FileManager.default.fileExists(atPath: "/sys/class/net/\(bridge)"))
    }

    @Test func aMissingExternalVolumeIsNamedAndNothingStarts() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let project = try ComposeProjectTests.Project(box, """
            services:
              web:
                image: busybox
                command: sleep 300
                volumes: [kept:/data]
            volumes:
              kept: {external: true, name: nowhere-\(box.subnetOctet)}
            \(ComposeProjectTests.defaultNetwork(box, 5))
            """)
        defer { project.remove() }
        let up = project.compose(["up", "-d"])
        #expect(up.code != 0 && up.err.contains("external volume \"nowhere-\(box.subnetOctet)\" not found"), "\(up.err)")
        #expect(box.run(["ps", "-aq"]).out.isEmpty && box.run(["volume", "ls", "-q"]).out.isEmpty)
        project.compose(["down"])
    }
}
