import Foundation
import Runtime
import Testing
import TestSupport

/// Docker's default confinement and resource limits, checked from inside real containers.
@Suite(.enabled(if: isRoot, "needs root"))
struct IsolationTests {
    /// What a shell inside the container can do; each line names an attempt and says whether it worked.
    static let probe = """
        grep CapEff /proc/self/status
        mkdir -p /mnt; mount -t tmpfs none /mnt 2>/dev/null && echo mount=yes || echo mount=no
        unshare -n true 2>/dev/null && echo unshare=yes || echo unshare=no
        swapoff /nonexistent 2>&1 | grep -q 'not permitted' && echo swapoff=no || echo swapoff=yes
        (echo x > /proc/sys/kernel/hostname) 2>/dev/null && echo sysctl=yes || echo sysctl=no
        echo keys=$(cat /proc/keys 2>/dev/null | wc -c)
        echo kcore=$(cat /proc/kcore 2>/dev/null | wc -c)
        (echo x > /sys/kernel/x) 2>/dev/null; grep -q ' /sys .*ro,' /proc/mounts && echo sys=ro || echo sys=rw
        """

    func lines(_ box: Sandbox, _ options: [String]) -> Set<String> {
        let result = box.run(["run", "--rm", "--net=none"] + options + ["busybox", "sh", "-c", Self.probe])
        return Set(result.out.split(separator: "\n").map(String.init))
    }

    @Test func defaultsAreDockersConfinement() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let seen = lines(box, [])
        #expect(seen.contains("CapEff:\t00000000a80425fb"), "Docker's 14 capabilities: \(seen)")
        #expect(seen.isSuperset(of: ["mount=no", "unshare=no", "swapoff=no", "sysctl=no", "keys=0", "kcore=0", "sys=ro"]), "\(seen)")
    }

    @Test func privilegedLiftsTheConfinement() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let seen = lines(box, ["--privileged"])
        let capEff = seen.first { $0.hasPrefix("CapEff:") }.flatMap { UInt64($0.dropFirst(8), radix: 16) } ?? 0
        #expect(capEff & (1 << 21) != 0, "CAP_SYS_ADMIN: \(seen)")
        #expect(seen.isSuperset(of: ["mount=yes", "unshare=yes", "sysctl=yes", "sys=rw"]), "\(seen)")
        #expect(box.run(["run", "--rm", "--privileged", "busybox", "ls", "/dev/vda"]).code == 0, "the host's devices")
    }

    @Test func capabilitiesCanBeAddedAndDropped() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let status = box.run(["run", "--rm", "--cap-drop", "ALL", "--cap-add", "net_admin", "--cap-add", "CAP_CHOWN", "busybox", "grep", "CapEff", "/proc/self/status"])
        #expect(status.out == "CapEff:\t0000000000001001\n")
        #expect(box.run(["run", "--rm", "--cap-drop", "CHOWN", "busybox", "chown", "1:1", "/tmp"]).code != 0)
        #expect(box.run(["run", "--rm", "busybox", "chown", "1:1", "/tmp"]).code == 0)
        let mounted = box.run(["run", "--rm", "--cap-add", "SYS_ADMIN", "busybox", "sh", "-c", "mkdir /m && mount -t tmpfs none /m && echo ok"])
        #expect(mounted.out == "ok\n", "with CAP_SYS_ADMIN the default profile allows mount: \(mounted.err)")
    }

    @Test func seccompProfilesAndNoNewPrivileges() throws {
        let box = try Sandbox()
        defer { box.finish() }
        // A profile of our own that forbids mkdir.
        let profile = box.root + "/deny-mkdir.json"
        try #"{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO"}]}"#
            .write(toFile: profile, atomically: true, encoding: .utf8)
        let denied = box.run(["run", "--rm", "--security-opt", "seccomp=\(profile)", "busybox", "mkdir", "/x"])
        #expect(denied.code != 0 && denied.err.contains("not permitted"), "\(denied.err)")
        // Unconfined lets unshare through the filter; the capability is what stops it now.
        let unconfined = box.run(["run", "--rm", "--cap-add", "SYS_ADMIN", "--security-opt", "seccomp=unconfined", "busybox", "unshare", "-n", "true"])
        #expect(unconfined.code == 0, "\(unconfined.err)")
        let nnp = box.run(["run", "--rm", "--security-opt", "no-new-privileges", "busybox", "grep", "NoNewPrivs", "/proc/self/status"])
        #expect(nnp.out == "NoNewPrivs:\t1\n")
        // Without it a container keeps the flag of whoever started minirun, which cannot be cleared:
        // unset on most machines, set where the test runner itself runs with no_new_privs.
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8).split(separator: "\n")
        let ours = try #require(status.first { $0.hasPrefix("NoNewPrivs:") })
        #expect(box.run(["run", "--rm", "busybox", "grep", "NoNewPrivs", "/proc/self/status"]).out == ours + "\n")
        let bad = box.run(["run", "--rm", "--security-opt", "seccomp=/nonexistent.json", "busybox", "true"])
        #expect(bad.code == 125 && bad.err.split(separator: "\n").count == 1)
    }

    @Test func readOnlyRootTmpfsAndVolumes() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let hostDirectory = box.root + "/shared"
        try FileManager.default.createDirectory(atPath: hostDirectory, withIntermediateDirectories: true)
        try "from-host\n".write(toFile: hostDirectory + "/file", atomically: true, encoding: .utf8)
        let script = """
            touch /cannot 2>/dev/null && echo root=rw || echo root=ro
            touch /run/can && echo run=rw
            cat /host/file; echo from-container > /host/new && echo host=rw
            echo data > /vol/data && echo vol=rw
            (echo x > /ro/file) 2>/dev/null && echo ro=rw || echo ro=ro
            """
        let result = box.run(["run", "--rm", "--read-only", "--tmpfs", "/run:size=1m", "-v", "\(hostDirectory):/host",
                              "-v", "named-\(box.subnetOctet):/vol", "-v", "\(hostDirectory):/ro:ro", "busybox", "sh", "-c", script])
        let seen = Set(result.out.split(separator: "\n").map(String.init))
        #expect(seen == ["root=ro", "run=rw", "from-host", "host=rw", "vol=rw", "ro=ro"], "\(result.out) \(result.err)")
        #expect((try? String(contentsOfFile: hostDirectory + "/new", encoding: .utf8)) == "from-container\n")
        // A named volume outlives its container.
        #expect(box.run(["run", "--rm", "-v", "named-\(box.subnetOctet):/vol", "busybox", "cat", "/vol/data"]).out == "data\n")

        // The same through --mount, Docker's long form (run's quick parser, and create's ArgumentParser).
        let mounts = ["--mount", "type=tmpfs,target=/run,tmpfs-size=1m", "--mount", "type=bind,source=\(hostDirectory),target=/host",
                      "--mount", "type=volume,source=named-\(box.subnetOctet),target=/vol",
                      "--mount", "type=bind,src=\(hostDirectory),dst=/ro,readonly"]
        #expect(box.run(["create", "--name", "long", "--read-only"] + mounts + ["busybox", "sh", "-c", script + "; grep ' /run ' /proc/mounts"]).code == 0)
        for long in [box.run(["run", "--rm", "--read-only"] + mounts + ["busybox", "sh", "-c", script + "; grep ' /run ' /proc/mounts"]),
                     box.run(["start", "-a", "long"])] {
            let lines = Set(long.out.split(separator: "\n").map(String.init))
            #expect(lines.isSuperset(of: ["root=ro", "run=rw", "from-host", "host=rw", "vol=rw", "ro=ro"]), "\(long.out) \(long.err)")
            #expect(lines.contains { $0.hasPrefix("tmpfs /run tmpfs ") && $0.contains("size=1024k") }, "\(long.out)")
        }
        // /dev/shm: Docker's 64 MiB, or --shm-size's.
        #expect(box.run(["run", "--rm", "--net=none", "busybox", "grep", " /dev/shm ", "/proc/mounts"]).out.contains("size=65536k"))
        #expect(box.run(["run", "--rm", "--net=none", "--shm-size", "128m", "busybox", "grep", " /dev/shm ", "/proc/mounts"]).out.contains("size=131072k"))
        #expect(box.run(["create", "--name", "shm", "--shm-size", "1g", "busybox", "true"]).code == 0)
        #expect(box.run(["inspect", "-f", "{{.HostConfig.ShmSize}}", "shm", "long"]).out == "1073741824\n67108864\n")
        #expect(box.run(["run", "--rm", "--shm-size", "0", "busybox", "true"]).code == 125)
        let bad = box.run(["run", "--rm", "--mount", "type=bind,target=/x", "busybox", "true"])
        #expect(bad.code == 125 && bad.err.contains("field Source must not be empty"), "\(bad)")
    }

    /// `exec --privileged`: every capability this process has, where a plain exec has Docker's 14.
    @Test func execPrivilegedHasEveryCapability() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-d", "--name", "target", "--net=none", "busybox", "sleep", "300"]).code == 0)
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let ours = status.split(separator: "\n").first { $0.hasPrefix("CapEff:") }.map { String($0) + "\n" }
        let privileged = box.run(["exec", "--privileged", "target", "grep", "CapEff", "/proc/self/status"])
        #expect(privileged.out == ours, "\(privileged.out) \(privileged.err)")
        let plain = box.run(["exec", "target", "grep", "CapEff", "/proc/self/status"]).out
        #expect(plain == "CapEff:\t00000000a80425fb\n", "Docker's default set: \(plain)")
        #expect(box.run(["rm", "-f", "target"]).code == 0)
    }

    @Test(.needsLimits(by: "memory")) func memoryLimitEndsInTheOOMKiller() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-d", "--name", "hog", "-m", "32m", "busybox", "sh", "-c", "x=$(head -c 67108864 /dev/zero | tr '\\0' a); echo survived"]).code == 0)
        #expect(box.run(["wait", "hog"]).out == "137\n")
        #expect(box.run(["inspect", "-f", "{{.State.ExitCode}} {{.State.OOMKilled}}", "hog"]).out == "137 true\n")
        #expect(!box.run(["logs", "hog"]).out.contains("survived"))
        #expect(box.run(["run", "--rm", "-m", "64m", "busybox", "true"]).code == 0)
    }

    @Test(.needsLimits(by: "pids")) func pidsLimitCapsAForkLoop() throws {
        let box = try Sandbox()
        defer { box.finish() }
        // An interactive shell survives the failed forks; the glob counts processes without forking.
        let script = "for i in $(seq 60); do sleep 30 & done\nset -- /proc/[0-9]*; echo count $#\n"
        let limited = box.run(["run", "--rm", "-i", "--net=none", "--pids-limit", "32", "busybox", "sh", "-i"], stdin: script)
        #expect(limited.out.contains("count 32"), "\(limited.out)")
        let unlimited = box.run(["run", "--rm", "-i", "--net=none", "busybox", "sh", "-i"], stdin: script)
        #expect(unlimited.out.contains("count 61"), "\(unlimited.out)")
    }

    @Test(.needsLimits(by: "cpu")) func cpusHoldsABusyLoopNearHalfACore() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-d", "--name", "spin", "--cpus", "0.5", "busybox", "sh", "-c", "while :; do :; done"]).code == 0)
        usleep(500_000)
        let json = box.run(["stats", "--no-stream", "--format", "json", "spin"]).out
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let percent = Double((object["CPUPerc"] as? String ?? "").dropLast()) ?? -1
        #expect(percent > 30 && percent < 65, "a busy loop under --cpus 0.5 used \(percent)%")
    }

    /// `stats -a` lists stopped containers too, with nothing used, as Docker's; --no-trunc the full IDs.
    @Test func statsAllShowsStoppedContainersAsZeros() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-d", "--name", "up", "--net=none", "busybox", "sleep", "300"]).code == 0)
        #expect(box.run(["create", "--name", "down", "--net=none", "busybox", "true"]).code == 0)
        let names = { (arguments: [String]) in box.run(["stats", "--no-stream", "--format", "{{.Name}}"] + arguments).out.split(separator: "\n").sorted() }
        #expect(names([]) == ["up"])
        #expect(names(["-a"]) == ["down", "up"])
        let stopped = box.run(["stats", "--no-stream", "-a", "--no-trunc", "--format", "{{.ID}} {{.CPUPerc}} {{.MemUsage}} {{.PIDs}}", "down"]).out
        let id = box.run(["inspect", "-f", "{{.Id}}", "down"]).out.trimmingCharacters(in: .newlines)
        #expect(stopped == "\(id) 0.00% 0B / 0B 0\n")
    }

    /// Wherever this machine mounts its hierarchies: a directory beneath the test process's own
    /// cgroup in each one minirun uses, holding the container's process, gone with the container.
    @Test func cgroupsAreMadeBeneathOursAndRemovedWithTheContainer() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let layout = try CgroupLayout.discover()
        // A CPU limit where the machine can have one: on v1 only it puts the container in the cpu hierarchy.
        let cpuLimit = MachineCgroups.whyNoLimit(by: "cpu") == nil
        let started = box.run(["run", "-d", "--name", "grouped"] + (cpuLimit ? ["--cpus", "1"] : []) + ["busybox", "sleep", "300"])
        try #require(started.code == 0, "\(started.err)")
        let id = String(started.out.prefix(12))
        let made = cgroups(of: "grouped", box: box, layout: layout)
        for (hierarchy, cgroup) in made {
            // Its process is in it (it moves itself into the v1 ones), beneath our cgroup.
            let ours = hierarchy.current == "/" ? "" : hierarchy.current
            #expect(cgroup == ours + "/minirun-" + id, "\(hierarchy.controllers): \(cgroup)")
            #expect(FileManager.default.fileExists(atPath: hierarchy.directory(of: cgroup) ?? "/nonexistent"), "\(cgroup)")
        }
        // Stats need memory, cpuacct and pids, and devices are confined: a cgroup in each v1 hierarchy
        // with one of them, and in the v2 one where it serves a controller, where cpu time comes
        // from (cpu.stat, without cpuacct on v1) or where devices are confined (without them on v1).
        var expected = layout.hierarchies.filter { hierarchy in
            hierarchy.version == .v1 && hierarchy.controllers.contains { ["memory", "cpuacct", "pids", "devices"].contains($0) }
        }
        let onV1 = { (controller: String) in layout.hierarchy(for: controller)?.version == .v1 }
        if let unified = layout.unified,
           !onV1("cpuacct") || !onV1("devices") || ["memory", "cpu", "pids"].contains(where: { layout.hierarchy(for: $0) == unified }) {
            expected.append(unified)
        }
        if cpuLimit, let cpu = layout.hierarchy(for: "cpu"), !expected.contains(cpu) { expected.append(cpu) }
        #expect(made.map(\.hierarchy) == layout.hierarchies.filter(expected.contains), "\(made)")

        // The cpu hierarchy only for a CPU limit, where it is one of its own (v1).
        #expect(box.run(["run", "-d", "--name", "plain", "busybox", "sleep", "300"]).code == 0)
        let plain = cgroups(of: "plain", box: box, layout: layout).map(\.hierarchy)
        if let cpu = layout.hierarchy(for: "cpu"), cpu.version == .v1, !cpu.controllers.contains("cpuacct") {
            #expect(!plain.contains(cpu) && (!cpuLimit || made.map(\.hierarchy).contains(cpu)), "\(plain)")
        }
        #expect(box.run(["rm", "-f", "grouped", "plain"]).code == 0)
        for (hierarchy, cgroup) in made {
            #expect(!FileManager.default.fileExists(atPath: hierarchy.directory(of: cgroup) ?? "/nonexistent"), "\(cgroup)")
        }
    }

    /// The cgroups named minirun-* that a container's process is in, in the hierarchies of `layout`,
    /// as /proc/PID/cgroup names them.
    private func cgroups(of container: String, box: Sandbox, layout: CgroupLayout) -> [(hierarchy: CgroupHierarchy, cgroup: String)] {
        let pid = box.run(["inspect", "-f", "{{.State.Pid}}", container]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        let lines = (try? String(contentsOfFile: "/proc/\(pid)/cgroup", encoding: .utf8)) ?? ""
        var found: [(CgroupHierarchy, String)] = []
        for line in lines.split(separator: "\n") {
            let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 3, fields[2].split(separator: "/").last?.hasPrefix("minirun-") == true else { continue }
            let hierarchy = layout.hierarchies.first { hierarchy in
                fields[1].isEmpty ? hierarchy.version == .v2 : hierarchy.controllers == fields[1].split(separator: ",").map(String.init)
            }
            if let hierarchy { found.append((hierarchy, fields[2])) }
        }
        return found
    }

    @Test func aStartThatFailsAfterItsCgroupWasMadeLeavesNoCgroup() throws {
        let box = try Sandbox()
        defer { box.finish() }
        // A parent cgroup of this test's own in every hierarchy minirun uses, so nothing else counts.
        let parent = try TestCgroupParent()
        defer { parent.remove() }

        let net = box.uniqueName("narrow")
        #expect(box.run(["network", "create", "--subnet", box.subnet(9), net]).code == 0)
        let address = box.subnet(9).replacingOccurrences(of: ".0/24", with: ".77")
        #expect(box.run(["run", "--name", "first", "--cgroup-parent", parent.name, "--network", net, "--ip", address, "busybox", "true"]).code == 0)
        #expect(box.run(["run", "-d", "--name", "squatter", "--network", net, "--ip", address, "busybox", "sleep", "300"]).code == 0)
        // Its address is taken: the start fails only after the cgroup is made and the process placed in it.
        let failed = box.run(["start", "first"])
        #expect(failed.code != 0 && failed.err.contains("already in use"), "\(failed.err)")
        #expect(parent.containerCgroups.isEmpty, "\(parent.containerCgroups)")
        #expect(box.run(["rm", "-f", "first", "squatter"]).code == 0)
    }
}
