import Foundation
import TestSupport
import Testing

/// A state root on a small tmpfs that containers fill through a volume: stopping, killing and
/// removing them, and removing images, must still work, and no exit status may be lost.
@Suite(.enabled(if: isRoot, "needs root"))
struct FullDiskTests {
    /// A sandbox whose root is a tmpfs of `megabytes`, with busybox imported; `release` frees the
    /// disk, finishes the sandbox and unmounts the tmpfs.
    func fullDiskSandbox(megabytes: Int = 32) throws -> (box: Sandbox, release: () -> Void) {
        let box = try Sandbox(importBusybox: false)
        let mounted = Command.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(megabytes)m,mode=0700", "tmpfs", box.root])
        try #require(mounted.code == 0, "mount: \(mounted.err)")
        box.ownMounts = [box.root]
        let release = {
            try? FileManager.default.removeItem(atPath: box.root + "/vol")
            box.finish()
            _ = Command.run("/bin/umount", [box.root])
            try? FileManager.default.removeItem(atPath: box.root)
        }
        let imported = box.run(["image", "import", try BusyboxImage.tarball(), "busybox"])
        guard imported.code == 0 else {
            release()
            throw RequireFailure(message: "image import: \(imported.err)")
        }
        box.run(["network", "ls"])
        try FileManager.default.createDirectory(atPath: box.root + "/vol", withIntermediateDirectories: false)
        return (box, release)
    }

    struct RequireFailure: Error { var message: String }

    func freeBytes(_ path: String) -> Int64 {
        let attributes = try? FileManager.default.attributesOfFileSystem(forPath: path)
        return (attributes?[.systemFreeSize] as? NSNumber)?.int64Value ?? -1
    }

    /// Fills the volume until the disk is full, then `then`.
    func filling(_ file: String, then: String) -> [String] {
        ["-v", "VOLUME:/vol", "busybox", "sh", "-c", "dd if=/dev/zero of=/vol/\(file) bs=64k 2>/dev/null; \(then)"]
    }

    /// Takes whatever space is left, down to the last block, as a container writing on would.
    func fillUp(_ box: Sandbox) {
        _ = Command.shell("dd if=/dev/zero of=\(box.root)/vol/top bs=4k oflag=append conv=notrunc 2>/dev/null")
        #expect(freeBytes(box.root) == 0, "the disk is full")
    }

    func arguments(_ box: Sandbox, _ list: [String]) -> [String] {
        list.map { $0.replacingOccurrences(of: "VOLUME", with: box.root + "/vol") }
    }

    @Test func killStopRmAndRmiWorkAndExitStatusesSurviveAFullDisk() throws {
        let (box, release) = try fullDiskSandbox()
        defer { release() }
        for name in ["k1", "s1", "r1"] {
            #expect(box.run(["run", "-d", "--name", name, "busybox", "sleep", "300"]).code == 0)
        }
        // A foreground container fills the disk and exits: its status comes back and is recorded.
        let filled = box.run(["run", "--name", "fg"] + arguments(box, filling("fill", then: "exit 3")))
        #expect(filled.code == 3, "\(filled.err)")
        #expect(box.run(["inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "fg"]).out == "exited 3\n")

        fillUp(box)
        let killed = box.run(["kill", "k1"])
        #expect(killed.code == 0, "\(killed.err)")
        #expect(box.run(["wait", "k1"]).out == "137\n")
        fillUp(box)
        let stopped = box.run(["stop", "-t", "1", "s1"])
        #expect(stopped.code == 0, "\(stopped.err)")
        #expect(box.run(["inspect", "-f", "{{.State.Status}}", "s1"]).out == "exited\n")
        fillUp(box)
        let removed = box.run(["rm", "-f", "r1"])
        #expect(removed.code == 0, "\(removed.err)")
        #expect(!box.run(["ps", "-a"]).out.contains("r1"))
        #expect(box.run(["ps", "-q"]).out == "", "no container runs on")
        for name in ["k1", "s1", "fg"] {
            fillUp(box)
            #expect(box.run(["rm", name]).code == 0)
        }
        fillUp(box)
        let untagged = box.run(["rmi", "busybox"])
        #expect(untagged.code == 0, "\(untagged.err)")
        #expect(box.run(["images"]).out.split(separator: "\n").count == 1)
    }

    @Test func aDetachedContainerThatFillsTheDiskKeepsItsExitStatus() throws {
        let (box, release) = try fullDiskSandbox()
        defer { release() }
        #expect(box.run(["run", "-d", "--name", "d1"] + arguments(box, filling("fill", then: "sleep 1; exit 5"))).code == 0)
        #expect(box.run(["wait", "d1"]).out == "5\n")
        #expect(box.run(["inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "d1"]).out == "exited 5\n")
        #expect(box.run(["rm", "d1"]).code == 0)
        try FileManager.default.removeItem(atPath: box.root + "/vol/fill")
        // With --rm: the status comes back and the container goes.
        let gone = box.run(["run", "--rm", "--name", "r2"] + arguments(box, filling("fill", then: "exit 4")))
        #expect(gone.code == 4, "\(gone.err)")
        #expect(box.run(["ps", "-a", "-q"]).out == "")
    }
}
