import TestSupport
import Testing

/// `system prune`: Docker's prompt, then stopped containers, unused networks, (--volumes) unused
/// anonymous volumes, dangling images and the build cache (-a: every unused image), in its order,
/// keeping whatever a running container uses.
@Suite(.enabled(if: isRoot, "needs root"))
struct SystemPruneTests {
    @Test func removesWhatNothingUsesInDockersOrder() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let net = box.uniqueName("unused")
        #expect(box.run(["network", "create", "--subnet", box.subnet(12), net]).code == 0)
        #expect(box.run(["build", "-q", "-t", "built", "-"], stdin: "FROM busybox\nRUN echo x > /x\nRUN echo y > /y\n").code == 0)
        #expect(box.run(["run", "--name", "stopped", "--net=none", "-v", "/anon", "busybox", "true"]).code == 0)
        #expect(box.run(["run", "-d", "--name", "up", "--net=none", "busybox", "sleep", "300"]).code == 0)
        defer { _ = box.run(["rm", "-f", "up"]) }
        let stoppedID = box.run(["inspect", "-f", "{{.Id}}", "stopped"]).out

        let declined = box.run(["system", "prune"], stdin: "")
        #expect(declined.out.hasPrefix("""
            WARNING! This will remove:
              - all stopped containers
              - all networks not used by at least one container
              - all dangling images
              - unused build cache

            Are you sure you want to continue? [y/N]
            """), "\(declined.out)")
        #expect(box.run(["ps", "-aq"]).out.split(separator: "\n").count == 2)

        let pruned = box.run(["system", "prune", "-f"])
        #expect(pruned.code == 0, "\(pruned)")
        let lines = pruned.out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(Array(lines.prefix(7)) == ["Deleted Containers:", stoppedID.dropLast() + "", "", "Deleted Networks:", net, "", "Deleted build cache objects:"],
                "no dangling image; the build's first step is the cache's: \(pruned.out)")
        #expect(lines.dropFirst(7).first?.count == 64)
        #expect(lines.suffix(2).first?.hasPrefix("Total reclaimed space: ") == true && lines.suffix(2).first != "Total reclaimed space: 0B",
                "the step image's own files were freed: \(pruned.out)")
        #expect(box.run(["ps", "-a", "--format", "{{.Names}}"]).out == "up\n")
        #expect(box.run(["images", "--format", "{{.Repository}}"]).out.split(separator: "\n").sorted() == ["built", "busybox"],
                "tagged images stay without -a; the build's step images went with the cache")
        #expect(box.run(["volume", "ls", "-q"]).out.split(separator: "\n").count == 1, "volumes only with --volumes")

        #expect(box.run(["system", "prune", "-af", "--volumes"]).out.hasPrefix("Deleted Volumes:\n"))
        #expect(box.run(["images", "--format", "{{.Repository}}"]).out == "busybox\n", "-a: every image no container uses")
        #expect(box.run(["volume", "ls", "-q"]).out == "")
        let until = box.run(["system", "prune", "-f", "--volumes", "--filter", "until=1h"])
        #expect(until.code == 1 && until.err == "minirun: ERROR: The \"until\" filter is not supported with \"--volumes\"\n")
    }
}
