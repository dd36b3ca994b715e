import Glibc
import TestSupport
import Testing

/// `system prune`: Docker's prompt, then stopped containers, unused networks, (--volumes) unused
/// anonymous volumes, dangling images and the build cache (-a: every unused image), in its order,
/// keeping whatever a running container uses. `system df`: what each kind uses and what a prune
/// could reclaim. `info`: the counts and the machine, as docker info's.
@Suite(.enabled(if: isRoot, "needs root"))
struct SystemCommandTests {
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

    /// `info` counts the state root's containers by state and its images, and describes the machine
    /// under Docker's field names.
    @Test func infoCountsContainersAndImagesAndDescribesTheMachine() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-d", "--name", "up", "--net=none", "busybox", "sleep", "300"]).code == 0)
        #expect(box.run(["run", "--name", "done", "--net=none", "busybox", "true"]).code == 0)
        #expect(box.run(["tag", "busybox", "second:name"]).code == 0)
        let fields = box.run(["info", "--format", "{{.Containers}} {{.ContainersRunning}} {{.ContainersStopped}} {{.Images}} {{.DockerRootDir}} {{.OSType}}"])
        #expect(fields.out == "2 1 1 1 \(box.root) linux\n", "one image under two names: \(fields.err)")
        #expect(box.run(["system", "info", "-f", "{{.NCPU}}"]).out == "\(sysconf(Int32(_SC_NPROCESSORS_ONLN)))\n")
        let text = box.run(["info"]).out
        #expect(text.contains("Server:\n Containers: 2\n  Running: 1\n  Paused: 0\n  Stopped: 1\n Images: 1\n"), "\(text)")
        #expect(text.contains(" Root Dir: \(box.root)\n"))
        #expect(box.run(["rm", "-f", "up"]).code == 0)
    }

    @Test func diskUsageCountsWhatEachKindUses() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["build", "-q", "-t", "built", "-"], stdin: "FROM busybox\nRUN head -c 3000 /dev/zero > /x\nRUN true\n").code == 0)
        // up: running, wrote 1000 bytes, mounts vol (2000 bytes); done: stopped, wrote 500; spare: an unused volume of 700.
        #expect(box.run(["run", "-d", "--name", "up", "--net=none", "-v", "vol:/v", "busybox", "sh", "-c",
                         "head -c 2000 /dev/zero > /v/f; head -c 1000 /dev/zero > /f; touch /ready; sleep 300"]).code == 0)
        defer { _ = box.run(["rm", "-f", "up"]) }
        #expect(box.run(["run", "--name", "done", "--net=none", "-v", "spare:/s", "busybox", "sh", "-c", "head -c 500 /dev/zero > /g; head -c 700 /dev/zero > /s/f"]).code == 0)
        #expect(box.run(["rm", "done"]).code == 0)
        #expect(box.run(["run", "--name", "done", "--net=none", "busybox", "sh", "-c", "head -c 500 /dev/zero > /g"]).code == 0)
        for _ in 0..<100 where box.run(["exec", "up", "test", "-e", "/ready"]).code != 0 { usleep(20_000) }

        let table = box.run(["system", "df"]).out.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        #expect(table.first == "TYPE TOTAL ACTIVE SIZE RECLAIMABLE")
        #expect(table.dropFirst().first?.hasPrefix("Images 2 1 ") == true, "busybox (used) and built: \(table)")
        #expect(table.contains("Containers 2 1 1.5kB 500B (33%)"), "\(table)")
        #expect(table.contains("Local Volumes 2 1 2.7kB 700B (25%)"), "\(table)")
        #expect(table.last?.hasPrefix("Build Cache 2 0 ") == true, "both RUN steps are cached: \(table)")
        let json = box.run(["system", "df", "--format", "{{json .}}"]).out.split(separator: "\n")
        #expect(json.count == 4 && json.allSatisfy { $0.hasPrefix("{\"Active\":") })

        // -v: each image, container, volume and cached step under Docker's titles and headers.
        let verbose = box.run(["system", "df", "-v"]).out
        let lines = verbose.split(separator: "\n", omittingEmptySubsequences: false).map { $0.split(separator: " ").joined(separator: " ") }
        for title in ["Images space usage:", "Containers space usage:", "Local Volumes space usage:"] {
            #expect(lines.contains(title), "\(verbose)")
        }
        #expect(lines.contains("REPOSITORY TAG IMAGE ID CREATED SIZE SHARED SIZE UNIQUE SIZE CONTAINERS"))
        #expect(lines.contains { $0.hasPrefix("busybox latest ") && $0.hasSuffix(" 2") }, "busybox has two containers, up and done: \(verbose)")
        #expect(lines.contains { $0.hasPrefix("built latest ") && $0.hasSuffix(" 0") }, "\(verbose)")
        #expect(lines.contains("CONTAINER ID IMAGE COMMAND LOCAL VOLUMES SIZE CREATED STATUS NAMES"))
        #expect(lines.contains { $0.contains(" busybox ") && $0.contains(" 1 1kB ") && $0.hasSuffix(" up") }, "up: one volume, 1000 bytes: \(verbose)")
        #expect(lines.contains("VOLUME NAME LINKS SIZE") && lines.contains("vol 1 2kB") && lines.contains("spare 0 700B"), "\(verbose)")
        #expect(lines.contains { $0.hasPrefix("Build cache usage: ") })
        #expect(lines.contains("CACHE ID CACHE TYPE SIZE CREATED LAST USED USAGE SHARED"))
        #expect(box.run(["system", "df", "-v", "--format", "json"]).code != 0, "a format and -v are not combined")
    }
}
