import Foundation
import TestSupport
import Testing

/// `--volumes-from` as Docker's: another container's binds and volumes at the same paths, running
/// or not, read-only as there unless :ro or :rw says; an anonymous volume shared stays while a
/// container uses it.
@Suite(.enabled(if: isRoot, "needs root"))
struct VolumesFromTests {
    @Test func mountsAnotherContainersVolumes() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let host = try Sandbox.makeTemporaryDirectory(prefix: "volumes-from")
        defer { try? FileManager.default.removeItem(atPath: host) }
        try "on the host\n".write(toFile: host + "/file", atomically: false, encoding: .utf8)
        #expect(box.run(["create", "--name", "data", "--net=none", "-v", host + ":/host:ro", "-v", "named-\(box.subnetOctet):/named",
                         "-v", "/anon", "busybox", "true"]).code == 0)

        let shared = box.run(["run", "--rm", "--net=none", "--volumes-from", "data", "busybox", "sh", "-c",
                              "cat /host/file; echo kept > /anon/kept; touch /host/x 2>/dev/null || echo host read-only"])
        #expect(shared.out == "on the host\nhost read-only\n", "\(shared.err)")
        let writable = box.run(["run", "--rm", "--net=none", "--volumes-from", "data:rw", "busybox", "sh", "-c", "echo w > /host/written"])
        #expect(writable.code == 0 && FileManager.default.fileExists(atPath: host + "/written"), ":rw over the source's ro: \(writable.err)")
        let readOnly = box.run(["run", "--rm", "--net=none", "--volumes-from", "data:ro", "busybox", "sh", "-c", "echo w > /anon/w"])
        #expect(readOnly.code != 0 && readOnly.err.contains("Read-only file system"))
        let own = box.run(["run", "--rm", "--net=none", "--volumes-from", "data", "-v", "/anon", "busybox", "ls", "/anon"])
        #expect(own.code == 0 && own.out.isEmpty, "a path the container mounts itself is its own mount")

        #expect(box.run(["run", "-d", "--name", "user", "--net=none", "--volumes-from", "data", "busybox", "sleep", "300"]).code == 0)
        #expect(box.run(["inspect", "-f", "{{json .HostConfig.VolumesFrom}}", "user"]).out == "[\"data\"]\n")
        #expect(box.run(["rm", "-v", "data"]).code == 0)
        #expect(box.run(["exec", "user", "cat", "/anon/kept"]).out == "kept\n", "the anonymous volume stays while a container uses it")
        let volumes = { box.run(["volume", "ls", "-q"]).out.split(separator: "\n").count }
        let before = volumes()
        #expect(box.run(["rm", "-f", "-v", "user"]).code == 0)
        #expect(volumes() == before - 1, "and goes with the last")

        let missing = box.run(["run", "--rm", "--volumes-from", "ghost", "busybox", "true"])
        #expect(missing.code == 125 && missing.err == "minirun: No such container: ghost\n")
        let badMode = box.run(["run", "--rm", "--volumes-from", "ghost:rx", "busybox", "true"])
        #expect(badMode.code == 125 && badMode.err == "minirun: invalid mode: rx\n")
    }
}
