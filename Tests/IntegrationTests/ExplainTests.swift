import Foundation
import Runtime
import TestSupport
import Testing

/// --explain and network diagram: what a learner reads.
@Suite(.enabled(if: isRoot, "needs root"))
struct ExplainTests {
    /// Lines of `text` that appear in `expected` order (not necessarily next to each other).
    func inOrder(_ text: String, _ expected: [String]) -> Bool {
        var rest = Substring(text)
        for piece in expected {
            guard let found = rest.range(of: piece) else { return false }
            rest = rest[found.upperBound...]
        }
        return true
    }

    @Test func runExplainsEveryStepInOrder() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let network = try box.inspectNetwork("bridge")
        let result = box.run(["run", "--explain", "--rm", "--name", "demo", "-p", "\(20003 + box.subnetOctet * 10):80", "busybox", "true"])
        #expect(result.code == 0)
        let text = result.err
        // The container's first cgroup directory is in the first v1 hierarchy it uses, which it
        // joins itself (writing 0 to tasks); with none, in the v2 one, where minirun places it.
        let layout = try CgroupLayout.discover()
        let v1 = layout.hierarchies.first { hierarchy in
            hierarchy.version == .v1 && hierarchy.controllers.contains { ["memory", "cpuacct", "pids", "devices"].contains($0) }
        }
        let cgroups = try #require(v1 ?? layout.unified, "no cgroup hierarchy is mounted").mountPoint + "/"
        #expect(inOrder(text, [
            "mkdir -p \(box.root)/containers/",
            "mkdir \(cgroups)",
            "echo ", " > \(cgroups)", "/cgroup.procs",
        ] + [
            "ip link set lo up",
            "ip link add veth", "type veth peer name eth0 address 02:42:",
            "ip link set veth", "master \(network.bridge)",
            "ip addr add ", "brd + dev eth0",
            "ip route add default via \(network.gateway ?? "?")",
            "nft -f - <<'EOF'", "dnat to ",
            "cat > \(box.root)/containers/", "/hosts <<'EOF'",
            "unshare --pid --mount --uts --ipc --cgroup --net --fork --propagation private bash\n",
            "execs the runtime's init from a sealed copy (memfd) so the container cannot reach the host binary",
            "mount -t overlay -o lowerdir=",
            "mount --bind \(box.root)/containers/",
            "pivot_root . .",
            "\nhash -r\n",
            "mount -t proc -o nosuid,nodev,noexec proc /proc",
            "mount -t devpts",
            "hostname ",
            "exec true",
        ]), "\(text)")
        #expect(inOrder(text, ["exec true", "rmdir \(cgroups)"]), "the cleanup after the exit")
        #expect(!text.contains("--bind /proc/self/fd"), "no path only the child can use")
    }

    /// The steps under a heading per phase: what each line sets up, as a learner sorts them.
    func phases(_ text: String) -> [(phase: String, lines: [String])] {
        var phases: [(phase: String, lines: [String])] = []
        for line in text.split(separator: "\n").map(String.init) {
            if line.hasPrefix("# === ") {
                phases.append((String(line.dropFirst(6).prefix { $0 != ":" }), []))
            } else if !phases.isEmpty, !line.hasPrefix("#") {
                phases[phases.count - 1].lines.append(line)
            }
        }
        return phases
    }

    @Test func runExplainMarksOutEachPhase() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let result = box.run(["run", "--explain", "--rm", "--name", "phased", "-p", "\(20005 + box.subnetOctet * 10):80", "busybox", "true"])
        #expect(result.code == 0)
        let found = phases(result.err)
        #expect(result.err.hasPrefix("# === filesystem: "), "the first line is a heading: \(result.err)")
        #expect(found.map(\.phase) == ["filesystem", "cgroups", "network", "filesystem", "process", "cleanup", "network"], "\(result.err)")
        // Every networking command under a network heading, every cgroup file under cgroups (or the
        // cleanup after the exit), every mount under the process that makes it.
        for (phase, lines) in found {
            for line in lines where !line.isEmpty && !line.hasPrefix("\t") {
                let networking = ["ip ", "nsenter ", "nft ", "sysctl "].contains { line.hasPrefix($0) }
                if networking { #expect(phase == "network", "\(line) is under \(phase)") }
                if line.contains("/sys/fs/cgroup") { #expect(phase == "cgroups" || phase == "cleanup", "\(line) is under \(phase)") }
                if line.hasPrefix("mount ") || line.hasPrefix("unshare ") { #expect(phase == "process", "\(line) is under \(phase)") }
            }
        }
        // The cgroup lines are right where a learner types them: the host moves the process by its pid.
        let joins = found.filter { $0.phase == "cgroups" }.flatMap(\.lines).filter { $0.hasPrefix("echo ") && !$0.contains("devices.") }
        #expect(!joins.isEmpty)
        for line in joins {
            let words = line.split(separator: " ")
            #expect(words.count == 4 && Int(words[1]).map { $0 > 0 } == true && words[3].hasSuffix("/cgroup.procs"), "\(line)")
        }
        #expect(result.err.contains("Cannot set tty process group"), "says why bash and not sh")
    }

    /// The guide finds the bridge's name this way when a state root of its own names it mrXXXXXXXX.
    @Test func networkInspectFormatGivesTheRealNames() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let network = try box.inspectNetwork("bridge")
        let result = box.run(["network", "inspect", "bridge", "-f",
                              "{{index .Options \"com.docker.network.bridge.name\"}} {{(index .IPAM.Config 0).Gateway}}"])
        #expect(result.code == 0, "\(result.err)")
        #expect(result.out == "\(network.bridge) \(network.gateway ?? "")\n")
    }

    @Test func networkAndRmExplainToo() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let name = box.uniqueName("taught")
        let created = box.run(["network", "create", "--explain", "--subnet", box.subnet(8), name])
        #expect(inOrder(created.err, ["ip link add br-", "type bridge", "ip addr add ", "/24 brd + dev br-", "ip link set br-", "up", "nft -f -"]), "\(created.err)")
        #expect(box.run(["run", "-d", "--name", "gone", "busybox", "sleep", "300"]).code == 0)
        let removed = box.run(["rm", "-f", "--explain", "gone"])
        #expect(inOrder(removed.err, ["kill -KILL ", "rm -rf \(box.root)/containers/"]), "\(removed.err)")
        let networkRemoved = box.run(["network", "rm", "--explain", name])
        #expect(networkRemoved.err.contains("ip link delete br-"), "\(networkRemoved.err)")
    }

    @Test func diagramDrawsBridgesPairsContainersAndPorts() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let port = 20004 + box.subnetOctet * 10
        #expect(box.run(["run", "-d", "--name", "drawn", "-p", "\(port):80", "busybox", "sleep", "300"]).code == 0)
        #expect(box.run(["run", "-d", "--name", "sidecar", "--net=container:drawn", "busybox", "sleep", "300"]).code == 0)
        let network = try box.inspectNetwork("bridge")
        let diagram = box.run(["network", "diagram"]).out
        let address = box.address(of: "drawn")
        #expect(diagram.contains("\(network.bridge)  \(network.gateway ?? "")/16  network \"bridge\""), "\(diagram)")
        #expect(diagram.contains("═══ eth0  drawn  \(address)  02:42:"), "\(diagram)")
        #expect(diagram.contains("published 0.0.0.0:\(port)->80/tcp"), "\(diagram)")
        #expect(diagram.contains("sidecar: --net=container:drawn"), "\(diagram)")
    }
}
