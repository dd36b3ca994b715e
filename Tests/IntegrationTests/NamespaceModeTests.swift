import Foundation
import TestSupport
import Testing

/// `--pid`, `--ipc` and `--uts` as Docker's: the host's namespace of a kind, another container's PID
/// or (shareable) IPC namespace, no /dev/shm with --ipc=none; and a container without a PID
/// namespace of its own leaves no process behind when it stops.
@Suite(.enabled(if: isRoot, "needs root"))
struct NamespaceModeTests {
    /// The pids of processes whose command line is exactly `command`.
    func processes(running command: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            let bytes = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline"))) ?? Data()
            return String(decoding: bytes.map { $0 == 0 ? 32 : $0 }, as: UTF8.self) == command + " "
        }
    }

    @Test func sharesTheHostsNamespaces() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let hostInit = try String(contentsOfFile: "/proc/1/comm", encoding: .utf8)
        let pid = box.run(["run", "--rm", "--net=none", "--pid=host", "busybox", "cat", "/proc/1/comm"])
        #expect(pid.code == 0 && pid.out == hostInit, "the host's PID 1: \(pid.out) \(pid.err)")
        #expect(box.run(["run", "--rm", "--net=none", "busybox", "cat", "/proc/1/comm"]).out == "cat\n", "its own PID namespace otherwise")

        let hostName = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? ""
        let uts = box.run(["run", "--rm", "--net=none", "--uts=host", "busybox", "sh", "-c", "hostname; cat /etc/hostname; echo $HOSTNAME"])
        #expect(uts.out == String(repeating: Command.run("/bin/hostname", []).out, count: 3), "\(hostName): \(uts.out) \(uts.err)")

        let name = "minirun-ipc-test-\(getpid())"
        try "from the host\n".write(toFile: "/dev/shm/" + name, atomically: false, encoding: .utf8)
        defer { unlink("/dev/shm/" + name) }
        #expect(box.run(["run", "--rm", "--net=none", "--ipc=host", "busybox", "cat", "/dev/shm/" + name]).out == "from the host\n")
        #expect(box.run(["run", "--rm", "--net=none", "busybox", "test", "-e", "/dev/shm/" + name]).code == 1, "a /dev/shm of its own otherwise")
        #expect(box.run(["run", "--rm", "--net=none", "--ipc=none", "busybox", "test", "-e", "/dev/shm"]).code == 1, "--ipc=none: no /dev/shm")

        #expect(box.run(["create", "--name", "modes", "--net=none", "--pid=host", "--uts=host", "busybox", "true"]).code == 0)
        #expect(box.run(["create", "--name", "defaults", "--net=none", "busybox", "true"]).code == 0)
        let shown = box.run(["inspect", "-f", "{{.HostConfig.PidMode}}/{{.HostConfig.IpcMode}}/{{.HostConfig.UTSMode}}", "modes", "defaults"])
        #expect(shown.out == "host/private/host\n/private/\n", "\(shown.err)")
    }

    @Test func joinsAnotherContainersPIDNamespace() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-d", "--name", "target", "--net=none", "busybox", "sleep", "300"]).code == 0)
        let listed = box.run(["run", "--rm", "--net=none", "--pid=container:target", "busybox", "ps", "-o", "pid,args"])
        #expect(listed.code == 0 && listed.out.contains("    1 sleep 300"), "the target's processes: \(listed.out) \(listed.err)")
        let explained = box.run(["run", "--rm", "--net=none", "--pid=container:target", "--ipc=host", "--explain", "busybox", "true"])
        #expect(explained.err.contains("nsenter --pid=/proc/") && explained.err.contains(" unshare --mount --uts --cgroup --net --fork"),
                "--explain enters the target's namespace and makes only the others: \(explained.err)")
        #expect(box.run(["create", "--name", "joiner", "--net=none", "--pid", "container:target", "busybox", "sleep", "300"]).code == 0)
        let id = box.run(["inspect", "-f", "{{.Id}}", "target"]).out.trimmingCharacters(in: .newlines)
        #expect(box.run(["inspect", "-f", "{{.HostConfig.PidMode}}", "joiner"]).out == "container:\(id)\n", "by ID, as Docker records it")
        #expect(box.run(["stop", "-t", "0", "target"]).code == 0)
        let refused = box.run(["start", "joiner"])
        #expect(refused.code == 1 && refused.err == "minirun: cannot join PID of a non running container: target\n")
        let missing = box.run(["run", "--rm", "--pid=container:ghost", "busybox", "true"])
        #expect(missing.code == 125 && missing.err == "minirun: No such container: ghost\n")
    }

    /// As Docker's: a shareable container's /dev/shm is mounted on the host while it runs, and a
    /// container joining its IPC namespace binds it; a private one cannot be joined.
    @Test func joinsAShareableContainersIPCNamespaceAndShm() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-d", "--name", "donor", "--net=none", "--ipc=shareable", "busybox", "sh", "-c",
                         "echo from-donor > /dev/shm/note; touch /tmp/ready; sleep 300"]).code == 0)
        #expect(eventually { box.run(["exec", "donor", "test", "-e", "/tmp/ready"]).code == 0 })
        #expect(box.mounts.count == 1 && box.mounts.first?.hasSuffix("/shm") == true, "its /dev/shm on the host: \(box.mounts)")
        let joined = box.run(["run", "--rm", "--net=none", "--ipc=container:donor", "busybox", "sh", "-c", "cat /dev/shm/note; readlink /proc/self/ns/ipc"])
        let donorNamespace = box.run(["exec", "donor", "readlink", "/proc/self/ns/ipc"]).out
        #expect(joined.out == "from-donor\n" + donorNamespace, "\(joined.err)")
        #expect(box.run(["inspect", "-f", "{{.HostConfig.IpcMode}}", "donor"]).out == "shareable\n")

        #expect(box.run(["run", "-d", "--name", "private", "--net=none", "busybox", "sleep", "300"]).code == 0)
        let refused = box.run(["run", "--rm", "--net=none", "--ipc=container:private", "busybox", "true"])
        #expect(refused.code == 125 && refused.err == "minirun: non-shareable IPC (hint: use IpcMode:shareable for the donor container)\n")
        #expect(box.run(["stop", "-t", "0", "donor"]).code == 0)
        #expect(box.mounts.isEmpty, "unmounted when it stops: \(box.mounts)")
        let stopped = box.run(["run", "--rm", "--net=none", "--ipc=container:donor", "busybox", "true"])
        #expect(stopped.code == 125 && stopped.err == "minirun: cannot join IPC of a non running container: donor\n")
        #expect(box.run(["create", "--name", "unstarted", "--net=none", "--ipc=shareable", "busybox", "true"]).code == 0)
        let never = box.run(["run", "--rm", "--net=none", "--ipc=container:unstarted", "busybox", "true"])
        #expect(never.code == 125 && never.err == "minirun: cannot join IPC of a non running container: unstarted\n")
    }

    /// --cgroupns=host shows the container its cgroup by its path from the hierarchy's root, where its
    /// own namespace shows "/"; --oom-score-adj is its first process's and an exec'd one's, as runc's.
    @Test func cgroupNamespaceAndOOMScore() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let own = box.run(["run", "--rm", "--net=none", "busybox", "cat", "/proc/self/cgroup"]).out
        let host = box.run(["run", "--rm", "--net=none", "--cgroupns", "host", "busybox", "cat", "/proc/self/cgroup"]).out
        #expect(!own.contains("/minirun-") && host.contains("/minirun-"), "own: \(own) host: \(host)")
        #expect(box.run(["run", "--rm", "--net=none", "--oom-score-adj", "500", "busybox", "cat", "/proc/self/oom_score_adj"]).out == "500\n")
        #expect(box.run(["create", "--name", "tuned", "--net=none", "--cgroupns=host", "--oom-score-adj", "300", "busybox", "true"]).code == 0)
        #expect(box.run(["inspect", "-f", "{{.HostConfig.CgroupnsMode}} {{.HostConfig.OomScoreAdj}}", "tuned"]).out == "host 300\n")
        #expect(box.run(["run", "-d", "--name", "scored", "--net=none", "--oom-score-adj", "400", "busybox", "sleep", "300"]).code == 0)
        #expect(box.run(["exec", "scored", "cat", "/proc/self/oom_score_adj"]).out == "400\n")
        let explained = box.run(["run", "--rm", "--net=none", "--cgroupns=host", "--explain", "busybox", "true"]).err
        #expect(explained.contains("unshare --pid --mount --uts --ipc --net --fork"), "no --cgroup: \(explained)")
    }

    @Test func killsWhatOutlivesTheFirstProcessWithoutAPIDNamespace() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-d", "--name", "spawner", "--net=none", "--pid=host", "busybox", "sh", "-c", "sleep 31416 & sleep 31417"]).code == 0)
        #expect(eventually { processes(running: "sleep 31416").count == 1 })
        let top = box.run(["top", "spawner"])
        #expect(top.out.contains("sleep 31416") && !top.out.contains("/sbin/init") && top.out.split(separator: "\n").count == 3,
                "top lists the container's processes, not the host's: \(top.out)")
        #expect(box.run(["stop", "-t", "1", "spawner"]).code == 0)
        #expect(eventually { processes(running: "sleep 31416").isEmpty }, "the background process goes with the container")

        #expect(box.run(["run", "-d", "--name", "leaver", "--net=none", "--pid=host", "busybox", "sh", "-c", "sleep 31418 & exit 0"]).code == 0)
        #expect(eventually(10) { processes(running: "sleep 31418").isEmpty }, "when the first process exits, what it left is killed")
    }

    /// --domainname is the NIS domain name of the container's own UTS namespace, the host's untouched.
    @Test func aDomainNameInTheContainersUTSNamespace() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let hosts = try String(contentsOfFile: "/proc/sys/kernel/domainname", encoding: .utf8)
        let named = box.run(["run", "--rm", "--net=none", "--domainname", "example.org", "-h", "web", "busybox", "sh", "-c",
                             "hostname; cat /proc/sys/kernel/domainname"])
        #expect(named.code == 0 && named.out == "web\nexample.org\n", "\(named.err)")
        #expect(box.run(["run", "--rm", "--net=none", "busybox", "cat", "/proc/sys/kernel/domainname"]).out == "(none)\n")
        #expect(try String(contentsOfFile: "/proc/sys/kernel/domainname", encoding: .utf8) == hosts, "the host's stays")
        #expect(box.run(["create", "--name", "dn", "--domainname", "corp.local", "busybox", "true"]).code == 0)
        #expect(box.run(["inspect", "-f", "{{.Config.Domainname}}", "dn"]).out == "corp.local\n")
        #expect(box.run(["start", "-a", "dn"]).code == 0, "kept for its starts")
    }

    @Test func refusesWhatDockerRefuses() throws {
        let box = try Sandbox()
        defer { box.finish() }
        for (arguments, message) in [
            (["--pid=bad"], "--pid: invalid PID mode"), (["--uts=container:x"], "--uts: invalid UTS mode"),
            (["--ipc=bad"], "--ipc: invalid IPC mode"),
            (["--ipc=container:"], "--ipc: invalid IPC mode"), (["--ipc=container:ghost"], "No such container: ghost"),
            (["--uts=host", "-h", "name"], "conflicting options: hostname and the UTS mode"),
            (["--uts=host", "--domainname", "example.org"], "conflicting options: domainname and the UTS mode"),
            (["--domainname", "bad name"], "invalid domainname format: bad name"),
            (["--cgroupns=shared"], "--cgroupns: invalid CGROUP mode"),
            (["--oom-score-adj", "1001"], "Invalid value 1001, range for oom score adj is [-1000, 1000]"),
        ] {
            let result = box.run(["run", "--rm", "--net=none"] + arguments + ["busybox", "true"])
            #expect(result.code == 125 && result.err == "minirun: \(message)\n", "\(arguments): \(result.err)")
        }
        #expect(box.containerIDs.isEmpty, "nothing made")
    }
}
