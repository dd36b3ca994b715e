import Foundation
import TestSupport
import Testing

/// createContainer and startContainer hooks (runtime-spec config.md, POSIX-platform hooks): where
/// they run, what they get on stdin, and what a failing one stops. Each case runs with runc too.
@Suite(.enabled(if: isRoot, "needs root"), .serialized)
struct OCIHookTests {
    static let runtimes = OCIRuntimeUnderTest.all()
    static func isMinirun(_ path: String) -> Bool { path.hasSuffix("/minirun-oci") }

    static func read(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }

    /// A createContainer hook runs in the container's mount namespace with the host's root: it writes
    /// the state it read and its mount namespace into a tmpfs that only the container's mounts hold,
    /// at the rootfs path, and the container's process reads both there.
    @Test(arguments: runtimes) func createContainerHookWritesIntoTheContainersMounts(_ path: String) throws {
        let runtime = try OCIRuntimeUnderTest(path)
        defer { runtime.finish() }
        let bundle = try OCITestBundle(runtime: runtime, args: ["sh", "-c", "cat /scratch/state; echo; cat /scratch/mntns; readlink /proc/self/ns/mnt"])
        defer { bundle.remove() }
        var mounts = bundle.config["mounts"] as? [[String: Any]] ?? []
        mounts.append(["destination": "/scratch", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "nodev"]])
        bundle.config["mounts"] = mounts
        let scratch = bundle.directory + "/rootfs/scratch"
        bundle.config["hooks"] = ["createContainer": [
            ["path": "/bin/sh", "args": ["sh", "-c", "cat > \(scratch)/state && readlink /proc/self/ns/mnt > \(scratch)/mntns"]],
        ]]
        try bundle.write()
        let output = bundle.directory + "/output"
        let created = runtime.runToFile(["create", "--bundle", bundle.directory, "h1"], output: output)
        try #require(created.code == 0, "create: \(Self.read(output) ?? "")")
        #expect(runtime.run(["start", "h1"]).code == 0)
        #expect(eventually(10) { runtime.status("h1") == "stopped" })
        let lines = (Self.read(output) ?? "").split(separator: "\n").map(String.init)
        try #require(lines.count == 3, "output: \(lines)")
        // The status during create: runc says "creating"; minirun-oci "created", as runtime-tools'
        // hooks_stdin wants of the prestart hooks that run at the same point.
        #expect(lines[0].contains("\"h1\"") && (lines[0].contains("\"created\"") || lines[0].contains("\"creating\"")))
        #expect(lines[1].hasPrefix("mnt:[") && lines[1] == lines[2])
        // Under the tmpfs, the rootfs directory itself got nothing.
        #expect(!FileManager.default.fileExists(atPath: scratch + "/state"))
    }

    /// A startContainer hook runs in the container after `start`, its path resolved there, before the
    /// command: the command reads what the hook wrote into the container's filesystem.
    @Test(arguments: runtimes) func startContainerHookRunsInTheContainerBeforeTheCommand(_ path: String) throws {
        let runtime = try OCIRuntimeUnderTest(path)
        defer { runtime.finish() }
        let bundle = try OCITestBundle(runtime: runtime, args: ["sh", "-c", "cat /hook-ran; cat /hook-state"])
        defer { bundle.remove() }
        bundle.config["hooks"] = ["startContainer": [
            // busybox's sh and hostname: only the container's rootfs has them at these paths.
            ["path": "/bin/sh", "args": ["sh", "-c", "cat > /hook-state; /bin/hostname > /hook-ran"]],
        ]]
        bundle.config["hostname"] = "hooked"
        try bundle.write()
        let output = bundle.directory + "/output"
        let created = runtime.runToFile(["create", "--bundle", bundle.directory, "h2"], output: output)
        try #require(created.code == 0, "create: \(Self.read(output) ?? "")")
        // Not before start.
        #expect(!FileManager.default.fileExists(atPath: bundle.directory + "/rootfs/hook-ran"))
        #expect(runtime.run(["start", "h2"]).code == 0)
        #expect(eventually(10) { runtime.status("h2") == "stopped" })
        let text = Self.read(output) ?? ""
        #expect(text.hasPrefix("hooked\n"), "output: \(text)")
        #expect(text.contains("\"h2\""))
    }

    /// A failing createContainer hook fails create: the hooks after it and the command do not run,
    /// and nothing of the container is left.
    @Test(arguments: runtimes) func failingCreateContainerHookFailsCreate(_ path: String) throws {
        let runtime = try OCIRuntimeUnderTest(path)
        defer { runtime.finish() }
        let bundle = try OCITestBundle(runtime: runtime, args: ["touch", "/command-ran"])
        defer { bundle.remove() }
        let after = bundle.directory + "/second-hook-ran"
        bundle.config["hooks"] = ["createContainer": [
            ["path": "/bin/sh", "args": ["sh", "-c", "exit 3"]],
            ["path": "/bin/sh", "args": ["sh", "-c", "touch \(after)"]],
        ]]
        try bundle.write()
        let output = bundle.directory + "/output"
        let created = runtime.runToFile(["create", "--bundle", bundle.directory, "h3"], output: output)
        #expect(created.code != 0)
        if Self.isMinirun(path) {
            #expect(Self.read(output)?.contains("createContainer hook #0 (/bin/sh) failed: exit status 3") == true, "\(Self.read(output) ?? "")")
            #expect(runtime.run(["list", "-q"]).out == "")
        }
        runtime.run(["delete", "--force", "h3"])
        #expect(!FileManager.default.fileExists(atPath: after))
        #expect(!FileManager.default.fileExists(atPath: bundle.directory + "/rootfs/command-ran"))
    }

    /// A failing startContainer hook stops the container before its command; minirun-oci's `start`
    /// says so (runc's has already returned when its init runs the hook).
    @Test(arguments: runtimes) func failingStartContainerHookStopsTheContainer(_ path: String) throws {
        let runtime = try OCIRuntimeUnderTest(path)
        defer { runtime.finish() }
        let bundle = try OCITestBundle(runtime: runtime, args: ["touch", "/command-ran"])
        defer { bundle.remove() }
        bundle.config["hooks"] = ["startContainer": [
            ["path": "/bin/sh", "args": ["sh", "-c", "exit 3"]],
            ["path": "/bin/touch", "args": ["touch", "/second-hook-ran"]],
        ]]
        try bundle.write()
        let output = bundle.directory + "/output"
        try #require(runtime.runToFile(["create", "--bundle", bundle.directory, "h4"], output: output).code == 0)
        let started = runtime.run(["start", "h4"])
        if Self.isMinirun(path) {
            #expect(started.code != 0)
            #expect(started.err.contains("startContainer hook #0 failed: exit status 3"), "\(started.err)")
        }
        #expect(eventually(10) { runtime.status("h4") == "stopped" })
        #expect(!FileManager.default.fileExists(atPath: bundle.directory + "/rootfs/second-hook-ran"))
        #expect(!FileManager.default.fileExists(atPath: bundle.directory + "/rootfs/command-ran"))
        #expect(runtime.run(["delete", "h4"]).code == 0)
    }
}
