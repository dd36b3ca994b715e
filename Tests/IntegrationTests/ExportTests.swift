import Foundation
import TestSupport
import Testing

/// `export` as Docker's: the container's filesystem - its image under its changes, not its volumes -
/// as a tar with names relative to its root, running or stopped; `-o` writes a file or nothing.
@Suite(.enabled(if: isRoot, "needs root"))
struct ExportTests {
    /// The tar's entry names, as `tar t` lists them.
    func names(_ tarball: String) -> [String] {
        Command.run("/bin/tar", ["-tf", tarball]).out.split(separator: "\n").map(String.init)
    }

    @Test func exportsWhatTheContainerSeesButItsVolumes() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let work = try Sandbox.makeTemporaryDirectory(prefix: "export-test")
        defer { try? FileManager.default.removeItem(atPath: work) }
        try FileManager.default.createDirectory(atPath: work + "/volume", withIntermediateDirectories: true)
        let changes = "echo made > /made; rm /bin/vi; ln -s / /up; ln -s /etc/shadow /shadow; echo v > /data/in-volume; "
        #expect(box.run(["run", "-d", "--name", "live", "--net=none", "-v", work + "/volume:/data", "busybox", "sh", "-c",
                         changes + "touch /ready; sleep 300"]).code == 0)
        #expect(eventually { box.run(["exec", "live", "test", "-e", "/ready"]).code == 0 })

        let piped = Command.shell("MINIRUN_ROOT=\(box.root) \(box.minirun) export live > \(work)/live.tar")
        #expect(piped.code == 0, "\(piped.err)")
        let entries = names(work + "/live.tar")
        #expect(entries.contains("bin/busybox") && entries.contains("made") && entries.contains("data/"), "\(entries.prefix(5))")
        #expect(!entries.contains("bin/vi"), "a file the container deleted")
        #expect(!entries.contains("data/in-volume"), "a volume's files are not the container's")
        #expect(!entries.contains { $0.hasPrefix("/") || $0.hasPrefix("./") }, "names relative to the root, as Docker's")
        #expect(Command.run("/bin/tar", ["-xOf", work + "/live.tar", "made"]).out == "made\n")
        let links = Command.run("/bin/tar", ["-tvf", work + "/live.tar", "up", "shadow"]).out
        #expect(links.contains("up -> /") && links.contains("shadow -> /etc/shadow"), "symlinks as they are, never followed on the host")
        #expect(box.run(["exec", "live", "cat", "/made"]).out == "made\n", "the container runs on")
        #expect(box.mounts.filter { !$0.contains("/containers/") }.isEmpty, "the read-only overlay went with its mount namespace")

        #expect(box.run(["stop", "-t0", "live"]).code == 0)
        let written = box.run(["container", "export", "-o", work + "/stopped.tar", "live"])
        #expect(written.code == 0 && written.out.isEmpty, "\(written.err)")
        #expect(names(work + "/stopped.tar") == entries, "a stopped container's the same")

        let imported = Command.shell("\(box.minirun) export live | \(box.minirun) import - flattened", environment: ["MINIRUN_ROOT": box.root])
        #expect(imported.code == 0, "\(imported.err)")
        #expect(box.run(["run", "--rm", "--net=none", "flattened", "cat", "/made"]).out == "made\n", "export | import makes an image of it")
    }

    @Test func aFailedExportWritesNothing() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let work = try Sandbox.makeTemporaryDirectory(prefix: "export-test")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let missing = box.run(["export", "-o", work + "/out.tar", "ghost"])
        #expect(missing.code == 1 && missing.err == "minirun: No such container: ghost\n")
        #expect((try FileManager.default.contentsOfDirectory(atPath: work)).isEmpty, "no file, not even a temporary one")
        let noArgument = box.run(["export"])
        #expect(noArgument.code != 0 && noArgument.err.contains("container"))
    }
}
