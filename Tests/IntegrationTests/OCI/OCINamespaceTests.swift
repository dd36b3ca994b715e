import Foundation
import TestSupport
import Testing

/// What the runtime-tools validation suite asks of namespaces and the root: joining namespaces by
/// path (pid, mount and uts too), the root's propagation, the config's mounts listed in their order. Each case runs with runc too, where runc does it.
@Suite(.enabled(if: isRoot, "needs root"), .serialized)
struct OCINamespaceTests {
    static let runtimes = OCIRuntimeUnderTest.all()

    /// unshare holding new namespaces (its flags) with a sleep; its end (--kill-child) ends the sleep.
    final class Holder {
        let process: Process

        init(_ flags: [String]) throws {
            process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
            process.arguments = flags + ["--fork", "--kill-child", "sleep", "100"]
            try process.run()
        }

        /// The namespace of `kind` it holds: for pid, the one its children (sleep) are in.
        func namespace(_ kind: String) -> String {
            "/proc/\(process.processIdentifier)/ns/" + (kind == "pid" ? "pid_for_children" : kind)
        }

        func stop() {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    static func inode(_ path: String) -> String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: path)
    }

    @Test(arguments: runtimes) func joinsPidMountAndUTSNamespacesByPath(_ path: String) throws {
        let runtime = try OCIRuntimeUnderTest(path)
        defer { runtime.finish() }
        let holder = try Holder(["--pid", "--mount", "--uts"])
        defer { holder.stop() }
        try #require(eventually(5) { Self.inode(holder.namespace("mnt")) != Self.inode("/proc/self/ns/mnt") })
        let bundle = try OCITestBundle(runtime: runtime, args: ["sh", "-c", "hostname"])
        defer { bundle.remove() }
        bundle.config["hostname"] = "joined"
        var linux = bundle.linux
        let joined = ["pid": "pid", "mount": "mnt", "uts": "uts"]
        linux["namespaces"] = ((linux["namespaces"] as? [[String: Any]]) ?? []).map { namespace in
            let type = namespace["type"] as? String ?? ""
            return joined[type].map { ["type": type, "path": holder.namespace($0)] } ?? namespace
        }
        bundle.linux = linux
        try bundle.write()
        let output = bundle.directory + "/output"
        let created = runtime.runToFile(["create", "--bundle", bundle.directory, "j1"], output: output)
        try #require(created.code == 0, "create: \((try? String(contentsOfFile: output, encoding: .utf8)) ?? "")")
        let pid = try #require(runtime.state("j1")?["pid"] as? Int)
        for (kind, file) in [("pid", "pid"), ("mnt", "mnt"), ("uts", "uts")] {
            #expect(Self.inode("/proc/\(pid)/ns/\(file)") == Self.inode(holder.namespace(kind)), "\(kind)")
        }
        #expect(runtime.run(["start", "j1"]).code == 0)
        #expect(eventually(10) { runtime.status("j1") == "stopped" })
        // The hostname went into the joined UTS namespace.
        #expect((try? String(contentsOfFile: output, encoding: .utf8)) == "joined\n")
        #expect(runtime.run(["delete", "j1"]).code == 0)
    }

    /// A config's domainname is the UTS namespace's, as its hostname. minirun-oci's alone: runc
    /// 1.1 (Debian 12's) leaves it out; runc 1.2 sets it.
    @Test func theDomainnameIsSet() throws {
        let runtime = try OCIRuntimeUnderTest(Binaries.directory + "/minirun-oci")
        defer { runtime.finish() }
        let bundle = try OCITestBundle(runtime: runtime, args: ["cat", "/proc/sys/kernel/domainname"])
        defer { bundle.remove() }
        bundle.config["domainname"] = "oci.example"
        try bundle.write()
        let result = runtime.run(["run", "-b", bundle.directory, "d1"])
        #expect(result.code == 0 && result.out == "oci.example\n", "\(result.err)")
    }

    @Test(arguments: runtimes) func theConfigMountsAreListedInTheirOrder(_ path: String) throws {
        let runtime = try OCIRuntimeUnderTest(path)
        defer { runtime.finish() }
        let bundle = try OCITestBundle(runtime: runtime, args: ["sh", "-c", "awk '{print $5}' /proc/self/mountinfo"])
        defer { bundle.remove() }
        let source = bundle.directory + "/shared"
        try FileManager.default.createDirectory(atPath: source, withIntermediateDirectories: true)
        bundle.config["mounts"] = ((bundle.config["mounts"] as? [[String: Any]]) ?? []) + [
            ["destination": "/mnt/first", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid"]],
            ["destination": "/mnt/bound", "type": "bind", "source": source, "options": ["rbind"]],
            ["destination": "/mnt/last", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid"]],
        ]
        try bundle.write()
        let result = runtime.run(["run", "-b", bundle.directory, "m1"])
        #expect(result.code == 0, "\(result.err)")
        let order = result.out.split(separator: "\n").filter { $0 == "/proc" || $0.hasPrefix("/mnt/") }
        #expect(order == ["/proc", "/mnt/first", "/mnt/bound", "/mnt/last"])
    }

    /// runc 1.1 leaves the root private whatever rootfsPropagation says (runtime-tools'
    /// linux_rootfs_propagation fails with it), so this case is minirun-oci's alone.
    @Test func theRootGetsTheConfigsPropagation() throws {
        let runtime = try OCIRuntimeUnderTest(Binaries.directory + "/minirun-oci")
        defer { runtime.finish() }
        let bundle = try OCITestBundle(runtime: runtime, args: ["sh", "-c", "awk '$5 == \"/\"' /proc/self/mountinfo"])
        defer { bundle.remove() }
        var linux = bundle.linux
        linux["rootfsPropagation"] = "shared"
        bundle.linux = linux
        try bundle.write()
        let result = runtime.run(["run", "-b", bundle.directory, "p1"])
        #expect(result.code == 0, "\(result.err)")
        #expect(result.out.contains(" shared:"), "\(result.out)")
    }

    /// The devices cgroup lists the config's rules first, in their order (runc puts its own defaults
    /// first, and fails runtime-tools' linux_cgroups_devices); a fifo in linux.devices; cpuset limits.
    @Test func devicesRulesInOrderAFifoAndACpuset() throws {
        let runtime = try OCIRuntimeUnderTest(Binaries.directory + "/minirun-oci")
        defer { runtime.finish() }
        let bundle = try OCITestBundle(runtime: runtime, args: ["sh", "-c", "ls -l /dev/fifo0 | cut -c1-10"])
        defer { bundle.remove() }
        let cgroupsPath = "/minirun-oci-test-\(getpid())"
        var linux = bundle.linux
        linux["cgroupsPath"] = cgroupsPath
        linux["devices"] = [["path": "/dev/fifo0", "type": "p", "fileMode": 0o640]]
        var resources = linux["resources"] as? [String: Any] ?? [:]
        resources["devices"] = [
            ["allow": false, "access": "rwm"],
            ["allow": true, "type": "c", "major": 10, "minor": 229, "access": "rwm"],
            ["allow": true, "type": "b", "major": 8, "minor": 20, "access": "rw"],
        ]
        resources["cpu"] = ["cpus": "0", "mems": "0"]
        linux["resources"] = resources
        bundle.linux = linux
        try bundle.write()
        let output = bundle.directory + "/output"
        let created = runtime.runToFile(["create", "--bundle", bundle.directory, "d1"], output: output)
        try #require(created.code == 0, "create: \((try? String(contentsOfFile: output, encoding: .utf8)) ?? "")")
        let devices = "/sys/fs/cgroup/devices" + cgroupsPath + "/devices.list"
        if FileManager.default.fileExists(atPath: "/sys/fs/cgroup/devices") {
            let lines = try String(contentsOfFile: devices, encoding: .utf8).split(separator: "\n")
            #expect(Array(lines.prefix(2)) == ["c 10:229 rwm", "b 8:20 rw"])
        } else {
            print("skipped the devices.list check: no cgroup v1 devices hierarchy here")
        }
        let cpuset = FileManager.default.fileExists(atPath: "/sys/fs/cgroup/cpuset")
            ? "/sys/fs/cgroup/cpuset" + cgroupsPath : "/sys/fs/cgroup" + cgroupsPath
        #expect((try? String(contentsOfFile: cpuset + "/cpuset.cpus", encoding: .utf8)) == "0\n")
        #expect(runtime.run(["start", "d1"]).code == 0)
        #expect(eventually(10) { runtime.status("d1") == "stopped" })
        #expect((try? String(contentsOfFile: output, encoding: .utf8)) == "prw-r-----\n")
        #expect(runtime.run(["delete", "d1"]).code == 0)
        #expect(!FileManager.default.fileExists(atPath: cpuset))
    }

    @Test func anUnsupportedOCIVersionIsRefused() throws {
        let runtime = try OCIRuntimeUnderTest(Binaries.directory + "/minirun-oci")
        defer { runtime.finish() }
        let bundle = try OCITestBundle(runtime: runtime, args: ["true"])
        defer { bundle.remove() }
        bundle.config["ociVersion"] = "invalid"
        try bundle.write()
        let result = runtime.run(["run", "-b", bundle.directory, "v1"])
        #expect(result.code == 1)
        #expect(result.err.contains("unsupported ociVersion"))
        #expect(runtime.run(["list", "-q"]).out == "")
    }
}
