import Foundation
import TestSupport
import Testing

/// `cp` as Docker's: both ways, running and stopped containers, Docker's naming rules, tar streams,
/// owners, and every path of the container resolved inside it - a symlink to / or /etc in the
/// container never reaches the host's.
@Suite(.enabled(if: isRoot, "needs root"))
struct CopyTests {
    /// A directory of the test's own on the host, removed at the end.
    final class HostDirectory {
        let path: String

        init() throws {
            path = try Sandbox.makeTemporaryDirectory(prefix: "cp-test")
        }

        func write(_ text: String, to name: String) throws {
            try FileManager.default.createDirectory(atPath: (path + "/" + name as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: path + "/" + name, atomically: false, encoding: .utf8)
        }

        func read(_ name: String) -> String? {
            try? String(contentsOfFile: path + "/" + name, encoding: .utf8)
        }

        func list(_ name: String = "") -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: path + "/" + name)) ?? []).sorted()
        }

        func remove() {
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    static let setup = "mkdir -p /data/sub; echo hello > /data/a.txt; echo deep > /data/sub/b; ln -s /etc/hostname /data/link; ln -s / /data/up; "

    @Test func copiesOutOfARunningContainerByDockersRules() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let host = try HostDirectory()
        defer { host.remove() }
        #expect(box.run(["run", "-d", "--name", "src", "--hostname", "inside", "--net=none", "busybox", "sh", "-c", Self.setup + "sleep 300"]).code == 0)
        #expect(eventually { box.run(["exec", "src", "test", "-L", "/data/up"]).code == 0 })

        #expect(box.run(["cp", "src:/data/a.txt", host.path]).code == 0)
        #expect(host.read("a.txt") == "hello\n", "into an existing directory, under its own name")
        #expect(box.run(["cp", "src:data/a.txt", host.path + "/renamed"]).code == 0)
        #expect(host.read("renamed") == "hello\n", "a new name; the container path is relative to its root")
        #expect(box.run(["cp", "src:/data", host.path + "/tree"]).code == 0)
        #expect(host.list("tree") == ["a.txt", "link", "sub", "up"] && host.read("tree/sub/b") == "deep\n")
        #expect(box.run(["cp", "src:/data", host.path + "/tree"]).code == 0)
        #expect(host.list("tree") == ["a.txt", "data", "link", "sub", "up"], "into the directory that exists now")
        #expect(box.run(["cp", "src:/data/.", host.path + "/contents"]).code == 0)
        #expect(host.list("contents") == ["a.txt", "link", "sub", "up"])
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: host.path + "/tree/link") == "/etc/hostname", "a symlink as it is")
        #expect(box.run(["cp", "-L", "src:/data/link", host.path + "/followed"]).code == 0)
        #expect(host.read("followed") == "inside\n", "-L: the container's file, not the host's")
        #expect(box.run(["cp", "src:/data/up/etc/hostname", host.path + "/through"]).code == 0)
        #expect(host.read("through") == "inside\n", "a symlink to / in the container is the container's /")

        let stream = Command.shell("MINIRUN_ROOT=\(box.root) \(box.minirun) cp src:/data/sub - | tar tf -")
        #expect(stream.out == "sub/\nsub/b\n", "\(stream.err)")

        let missing = box.run(["cp", "src:/nope", host.path])
        #expect(missing.code == 1 && missing.err == "minirun: Could not find the file /nope in container src\n")
        let fileOverDirectory = box.run(["cp", "src:/data", host.path + "/a.txt"])
        #expect(fileOverDirectory.code == 1 && fileOverDirectory.err.contains("cannot copy directory"))
        let noDirectory = box.run(["cp", "src:/data/a.txt", host.path + "/none/"])
        #expect(noDirectory.code == 1 && noDirectory.err.contains("no such directory"))
        #expect(box.run(["rm", "-f", "src"]).code == 0)
    }

    @Test func copiesIntoARunningContainerWithoutLeavingIt() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let host = try HostDirectory()
        defer { host.remove() }
        try host.write("from the host\n", to: "file.txt")
        try host.write("nested\n", to: "dir/inner/n.txt")
        #expect(chown(host.path + "/file.txt", 1234, 4321) == 0)
        #expect(box.run(["run", "-d", "--name", "dst", "--net=none", "busybox", "sh", "-c", "ln -s /etc /tmp/etc; ln -s / /tmp/up; sleep 300"]).code == 0)
        #expect(eventually { box.run(["exec", "dst", "test", "-L", "/tmp/up"]).code == 0 })

        #expect(box.run(["cp", host.path + "/file.txt", "dst:/tmp"]).code == 0)
        #expect(box.run(["cp", "-a", host.path + "/file.txt", "dst:/tmp/kept"]).code == 0)
        #expect(box.run(["cp", host.path + "/dir", "dst:/tmp/copied"]).code == 0)
        #expect(box.run(["cp", host.path + "/dir/.", "dst:/root"]).code == 0)
        let listed = box.run(["exec", "dst", "sh", "-c", "stat -c '%n %u:%g' /tmp/file.txt /tmp/kept; cat /tmp/copied/inner/n.txt; ls /root"])
        #expect(listed.out == "/tmp/file.txt 0:0\n/tmp/kept 1234:4321\nnested\ninner\n", "\(listed.err)")

        // Symlinks in the container resolve in it: its /etc, its /.
        let marker = "minirun-cp-test-\(getpid())"
        #expect(box.run(["cp", host.path + "/file.txt", "dst:/tmp/etc/" + marker]).code == 0)
        #expect(box.run(["cp", host.path + "/file.txt", "dst:/tmp/up/etc/" + marker + ".2"]).code == 0)
        #expect(box.run(["exec", "dst", "ls", "/etc/" + marker, "/etc/" + marker + ".2"]).code == 0)
        #expect(!FileManager.default.fileExists(atPath: "/etc/" + marker) && !FileManager.default.fileExists(atPath: "/etc/" + marker + ".2"))

        let stream = Command.shell("tar cf - -C \(host.path) file.txt | MINIRUN_ROOT=\(box.root) \(box.minirun) cp - dst:/srv 2>&1; "
            + "tar cf - -C \(host.path) file.txt | MINIRUN_ROOT=\(box.root) \(box.minirun) cp - dst:/ && echo copied")
        #expect(stream.out.contains("must be a directory") && stream.out.hasSuffix("copied\n"), "\(stream.out)")
        #expect(box.run(["exec", "dst", "cat", "/file.txt"]).out == "from the host\n")

        let missingParent = box.run(["cp", host.path + "/file.txt", "dst:/no/such"])
        #expect(missingParent.code == 1 && missingParent.err == "minirun: Could not find the file /no in container dst\n")
        let missingSource = box.run(["cp", host.path + "/ghost", "dst:/tmp"])
        #expect(missingSource.code == 1 && missingSource.err.contains("no such file or directory"))
        #expect(box.run(["cp", "dst:/tmp/file.txt", "dst:/tmp/x"]).err == "minirun: copying between containers is not supported\n")
        #expect(box.run(["cp", host.path + "/file.txt", host.path + "/x"]).err == "minirun: must specify at least one container source\n")
        #expect(box.run(["rm", "-f", "dst"]).code == 0)
    }

    /// A stopped container's files are its overlay's, mounted for the copy alone.
    @Test func copiesToAndFromAStoppedContainer() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let host = try HostDirectory()
        defer { host.remove() }
        try host.write("put while stopped\n", to: "later.txt")
        #expect(box.run(["run", "--name", "done", "--net=none", "busybox", "sh", "-c", "echo left behind > /result.txt"]).code == 0)
        #expect(box.run(["cp", "done:/result.txt", host.path]).code == 0)
        #expect(host.read("result.txt") == "left behind\n")
        #expect(box.run(["cp", host.path + "/later.txt", "done:/"]).code == 0)
        #expect(box.mounts.isEmpty, "no mount stays: \(box.mounts)")
        #expect(box.run(["start", "-a", "done"]).code == 0)
        #expect(box.run(["cp", "done:/later.txt", host.path + "/back.txt"]).code == 0)
        #expect(host.read("back.txt") == "put while stopped\n")
    }

    /// As Docker's daemon mounts them for a copy: a stopped container's volumes are where it had
    /// them, read-only ones refused as such, and nothing stays mounted.
    @Test func aStoppedContainersVolumesAreCopiedToAndFrom() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let host = try HostDirectory()
        defer { host.remove() }
        try host.write("from a bind\n", to: "bound/file")
        try host.write("in\n", to: "in.txt")
        #expect(box.run(["run", "--name", "kept", "--net=none", "-v", "/anon", "-v", "named-\(box.subnetOctet):/named", "-v",
                         host.path + "/bound:/bound:ro", "-v", host.path + "/bound/file:/etc/single", "busybox", "sh", "-c",
                         "echo anonymous > /anon/a; ln -s /anon /link"]).code == 0)
        #expect(box.run(["cp", "kept:/anon/a", host.path + "/a"]).code == 0)
        #expect(host.read("a") == "anonymous\n", "an anonymous volume's file")
        #expect(box.run(["cp", "kept:/bound/file", host.path + "/b"]).code == 0)
        #expect(host.read("b") == "from a bind\n")
        #expect(box.run(["cp", "kept:/etc/single", host.path + "/c"]).code == 0)
        #expect(host.read("c") == "from a bind\n", "a file bound at a path of its own")
        #expect(box.run(["cp", host.path + "/in.txt", "kept:/link/"]).code == 0, "through the container's symlink, into its volume")
        #expect(box.run(["cp", host.path + "/in.txt", "kept:/named/"]).code == 0)
        let refused = box.run(["cp", host.path + "/in.txt", "kept:/bound/"])
        #expect(refused.code == 1 && refused.err == "minirun: mounted volume is marked read-only\n")
        #expect(box.mounts.isEmpty, "no mount stays: \(box.mounts)")
        let seen = box.run(["run", "--rm", "--net=none", "--volumes-from", "kept", "busybox", "cat", "/anon/in.txt", "/named/in.txt"])
        #expect(seen.out == "in\nin\n", "in the volumes, not in the container's layer: \(seen.err)")
        #expect(!FileManager.default.fileExists(atPath: host.path + "/bound/in.txt"))

        let garbage = Command.shell("head -c 4096 /dev/zero | tr '\\0' x | MINIRUN_ROOT=\(box.root) \(box.minirun) cp - kept:/named")
        #expect(garbage.code == 1 && garbage.err.contains("Unrecognized archive format"), "minirun-unpack's own message: \(garbage.err)")
    }

    @Test func aReadOnlyRootTakesFilesOnlyInItsVolumes() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let host = try HostDirectory()
        defer { host.remove() }
        try host.write("x\n", to: "x.txt")
        #expect(box.run(["run", "-d", "--name", "ro", "--read-only", "-v", "/scratch", "--net=none", "busybox", "sleep", "300"]).code == 0)
        let refused = box.run(["cp", host.path + "/x.txt", "ro:/tmp"])
        #expect(refused.code == 1 && refused.err == "minirun: container rootfs is marked read-only\n")
        #expect(box.run(["cp", host.path + "/x.txt", "ro:/scratch"]).code == 0)
        #expect(box.run(["exec", "ro", "cat", "/scratch/x.txt"]).out == "x\n")
        #expect(box.run(["rm", "-f", "-v", "ro"]).code == 0)
    }
}
