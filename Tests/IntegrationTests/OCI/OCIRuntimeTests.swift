import Foundation
import TestSupport
import Testing

/// minirun-oci driven directly, as containerd's shim and Podman drive runc, on bundles of the busybox
/// rootfs; every case also runs with runc, so that a difference is minirun's.
@Suite(.enabled(if: isRoot, "needs root"), .serialized)
struct OCIRuntimeTests {
    static let runtimes = OCIRuntimeUnderTest.all()

    @Test(arguments: runtimes) func createStartStateDelete(_ path: String) throws {
        let runtime = try OCIRuntimeUnderTest(path)
        defer { runtime.finish() }
        let bundle = try OCITestBundle(runtime: runtime, args: ["sh", "-c", "read line; echo started $line; hostname"])
        defer { bundle.remove() }
        bundle.config["hostname"] = "ocibox"
        try bundle.write()
        let output = bundle.directory + "/output"
        let created = runtime.runToFile(["create", "--bundle", bundle.directory, "--pid-file", bundle.directory + "/pid", "c1"], output: output)
        try #require(created.code == 0, "create: \((try? String(contentsOfFile: output, encoding: .utf8)) ?? "")")
        let state = try #require(runtime.state("c1"))
        #expect(state["status"] as? String == "created")
        #expect(state["id"] as? String == "c1")
        #expect(state["bundle"] as? String == bundle.directory)
        let pid = try #require(state["pid"] as? Int)
        #expect(pid > 0)
        #expect((try? String(contentsOfFile: bundle.directory + "/pid", encoding: .utf8)) == String(pid))
        // Not started: the process has not run its command yet.
        #expect((try? String(contentsOfFile: output, encoding: .utf8)) == "")
        #expect(runtime.run(["start", "c1"]).code == 0)
        #expect(eventually(10) { runtime.status("c1") == "stopped" })
        // stdin was /dev/null: `read` got nothing.
        #expect((try? String(contentsOfFile: output, encoding: .utf8)) == "started\nocibox\n")
        #expect(runtime.run(["delete", "c1"]).code == 0)
        #expect(runtime.state("c1") == nil)
        #expect(runtime.run(["state", "c1"]).code != 0)
    }

    @Test(arguments: runtimes) func killAndDeleteRefusedWhileRunning(_ path: String) throws {
        let runtime = try OCIRuntimeUnderTest(path)
        defer { runtime.finish() }
        let bundle = try OCITestBundle(runtime: runtime, args: ["sleep", "100"])
        defer { bundle.remove() }
        try bundle.write()
        try #require(runtime.runToFile(["run", "--detach", "--bundle", bundle.directory, "c2"], output: "/dev/null").code == 0)
        #expect(runtime.status("c2") == "running")
        let list = runtime.run(["list", "--format", "json"])
        #expect(list.out.contains("\"c2\""))
        let refused = runtime.run(["delete", "c2"])
        #expect(refused.code == 1)
        #expect(refused.err.contains("not stopped"))
        #expect(runtime.run(["kill", "c2", "KILL"]).code == 0)
        #expect(eventually(10) { runtime.status("c2") == "stopped" })
        #expect(runtime.run(["delete", "c2"]).code == 0)
        #expect(runtime.run(["list", "-q"]).out == "")
    }

    @Test(arguments: runtimes) func runWaitsAndPassesTheExitCode(_ path: String) throws {
        let runtime = try OCIRuntimeUnderTest(path)
        defer { runtime.finish() }
        let bundle = try OCITestBundle(runtime: runtime, args: ["sh", "-c", "echo out; exit 3"])
        defer { bundle.remove() }
        try bundle.write()
        let result = runtime.run(["run", "--bundle", bundle.directory, "c3"])
        #expect(result.code == 3)
        #expect(result.out == "out\n")
        #expect(runtime.run(["list", "-q"]).out == "")
    }

    /// process.consoleSize is the pty's size before the command starts: `stty size`, the command
    /// itself, reads it (the runtime's stdin is no terminal, so nothing else could set it later).
    /// minirun-oci alone: runc's foreground `run` with a terminal wants a terminal of its own (it
    /// opens /dev/tty), which would then set the size too.
    @Test func aTerminalHasItsConsoleSizeFromTheStart() throws {
        let runtime = try OCIRuntimeUnderTest(Binaries.directory + "/minirun-oci")
        defer { runtime.finish() }
        let bundle = try OCITestBundle(runtime: runtime, args: ["stty", "size"])
        defer { bundle.remove() }
        bundle.process["terminal"] = true
        bundle.process["consoleSize"] = ["height": 33, "width": 101]
        try bundle.write()
        let result = runtime.run(["run", "--bundle", bundle.directory, "c-tty"], stdin: "")
        #expect(result.code == 0, "\(result.out)\(result.err)")
        #expect(result.out.contains("33 101"), "\(result.out)")
    }

    @Test(arguments: runtimes) func execJoinsTheContainer(_ path: String) throws {
        let runtime = try OCIRuntimeUnderTest(path)
        defer { runtime.finish() }
        let bundle = try OCITestBundle(runtime: runtime, args: ["sleep", "100"])
        defer { bundle.remove() }
        bundle.config["hostname"] = "execbox"
        try bundle.write()
        try #require(runtime.runToFile(["run", "-d", "-b", bundle.directory, "c4"], output: "/dev/null").code == 0)
        let exec = runtime.run(["exec", "c4", "sh", "-c", "hostname; ps -o comm | grep -c sleep"])
        #expect(exec.code == 0)
        #expect(exec.out == "execbox\n1\n")
        let ps = runtime.run(["ps", "--format", "json", "c4"])
        let pids = try JSONSerialization.jsonObject(with: Data(ps.out.utf8)) as? [Int]
        #expect(pids?.count == 1)
        #expect(runtime.run(["exec", "c4", "sh", "-c", "exit 5"]).code == 5)
        #expect(runtime.run(["delete", "--force", "c4"]).code == 0)
    }

    @Test(arguments: runtimes) func seccompDeniesASyscall(_ path: String) throws {
        let runtime = try OCIRuntimeUnderTest(path)
        defer { runtime.finish() }
        let bundle = try OCITestBundle(runtime: runtime, args: ["sh", "-c", "mkdir /tmp/denied && echo made"])
        defer { bundle.remove() }
        bundle.linux["seccomp"] = [
            "defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64"],
            "syscalls": [["names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO"]],
        ]
        try bundle.write()
        let result = runtime.run(["run", "-b", bundle.directory, "c5"])
        #expect(result.code == 1)
        #expect(result.out == "")
        #expect(result.err.contains("Operation not permitted"))
    }

    @Test(arguments: runtimes) func maskedAndReadOnlyPaths(_ path: String) throws {
        let runtime = try OCIRuntimeUnderTest(path)
        defer { runtime.finish() }
        let bundle = try OCITestBundle(runtime: runtime, args: [
            "sh", "-c", "wc -c < /etc/passwd; touch /etc/written 2>/dev/null && echo etc-writable; touch /tmp/x && echo tmp-writable",
        ])
        defer { bundle.remove() }
        var linux = bundle.linux
        linux["maskedPaths"] = ((linux["maskedPaths"] as? [String]) ?? []) + ["/etc/passwd"]
        linux["readonlyPaths"] = ((linux["readonlyPaths"] as? [String]) ?? []) + ["/etc"]
        bundle.linux = linux
        try bundle.write()
        let result = runtime.run(["run", "-b", bundle.directory, "c6"])
        #expect(result.code == 0)
        #expect(result.out == "0\ntmp-writable\n")
    }

    @Test(arguments: runtimes) func joinsANetworkNamespaceByPath(_ path: String) throws {
        let runtime = try OCIRuntimeUnderTest(path)
        defer { runtime.finish() }
        let name = "mroci\(getpid() % 100000)"
        try #require(Command.run("/sbin/ip", ["netns", "add", name]).code == 0)
        defer { Command.run("/sbin/ip", ["netns", "del", name]) }
        try #require(Command.run("/sbin/ip", ["-n", name, "link", "add", "ocidummy0", "type", "veth", "peer", "name", "ocidummy1"]).code == 0)
        let bundle = try OCITestBundle(runtime: runtime, args: ["sh", "-c", "ip -o link | grep -c ocidummy"])
        defer { bundle.remove() }
        var linux = bundle.linux
        linux["namespaces"] = ((linux["namespaces"] as? [[String: Any]]) ?? []).map { namespace in
            namespace["type"] as? String == "network" ? ["type": "network", "path": "/var/run/netns/\(name)"] : namespace
        }
        bundle.linux = linux
        try bundle.write()
        let result = runtime.run(["run", "-b", bundle.directory, "c7"])
        #expect(result.code == 0)
        #expect(result.out == "2\n")
    }

    @Test func errorsAreLoggedAsRuncDoes() throws {
        let runtime = try OCIRuntimeUnderTest(Binaries.directory + "/minirun-oci")
        defer { runtime.finish() }
        let log = runtime.root + "/log.json"
        let result = Command.run(runtime.path, ["--root", runtime.root, "--log", log, "--log-format", "json", "state", "missing"])
        #expect(result.code == 1)
        let line = try String(contentsOfFile: log, encoding: .utf8)
        let record = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String]
        #expect(record?["level"] == "error")
        #expect(record?["msg"]?.contains("does not exist") == true)
        #expect(record?["time"] != nil)
    }
}

/// The crash rules: whatever a create killed at any point left, `delete` removes.
@Suite(.enabled(if: isRoot, "needs root"))
struct OCIKilledCreateTests {
    @Test func deleteRemovesACreateKilledBeforeItsRecord() throws {
        let runtime = try OCIRuntimeUnderTest(Binaries.directory + "/minirun-oci")
        defer { runtime.finish() }
        try FileManager.default.createDirectory(atPath: runtime.root + "/half", withIntermediateDirectories: true)
        #expect(runtime.status("half") == "stopped")
        #expect(runtime.run(["delete", "half"]).code == 0)
        #expect(!FileManager.default.fileExists(atPath: runtime.root + "/half"))
    }

    @Test func deleteRemovesACreateKilledAfterItsCgroup() throws {
        let runtime = try OCIRuntimeUnderTest(Binaries.directory + "/minirun-oci")
        defer { runtime.finish() }
        let bundle = try OCITestBundle(runtime: runtime, args: ["sleep", "100"])
        defer { bundle.remove() }
        try bundle.write()
        try #require(runtime.runToFile(["create", "-b", bundle.directory, "k1"], output: "/dev/null").code == 0)
        // Kill the waiting process as a crash would leave it: the record names its cgroup directories.
        let pid = try #require(runtime.state("k1")?["pid"] as? Int)
        let cgroupLines = try String(contentsOfFile: "/proc/\(pid)/cgroup", encoding: .utf8)
        kill(Int32(pid), SIGKILL)
        #expect(eventually(10) { runtime.status("k1") == "stopped" })
        #expect(runtime.run(["delete", "k1"]).code == 0)
        #expect(!FileManager.default.fileExists(atPath: runtime.root + "/k1"))
        // The container's own cgroup (named after its ID) is gone from every hierarchy.
        for line in cgroupLines.split(separator: "\n") where line.hasSuffix("/k1") {
            let parts = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            let controllers = parts[1].isEmpty ? "unified" : String(parts[1])
            let mount = parts[1].isEmpty && !FileManager.default.fileExists(atPath: "/sys/fs/cgroup/unified") ? "/sys/fs/cgroup" : "/sys/fs/cgroup/" + controllers
            #expect(!FileManager.default.fileExists(atPath: mount + String(parts[2])), "\(line)")
        }
    }
}
