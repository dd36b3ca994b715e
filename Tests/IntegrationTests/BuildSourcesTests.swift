import Foundation
import TestSupport
import Testing

/// Where a build's files come from beyond the context: FROM images pulled from a registry (Debian's
/// docker-registry on loopback, seeded with skopeo), ADD of http(s) URLs (Python's http.server on
/// loopback) and ADD of local compressed tars.
@Suite(.enabled(if: isRoot, "needs root"), .serialized)
struct BuildSourcesTests {
    /// An OCI layout of busybox with /etc/greeting, made once.
    static let layout: Result<String, any Error> = Result {
        let dir = "/var/tmp/minirun-build-layout-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir + "/small/etc", withIntermediateDirectories: true)
        atexit { _ = Command.shell("rm -rf /var/tmp/minirun-build-layout-\(getpid())") }
        try "hello\n".write(toFile: dir + "/small/etc/greeting", atomically: true, encoding: .utf8)
        let tarred = Command.run("/bin/tar", ["-C", dir + "/small", "-cf", dir + "/small.tar", "etc"])
        guard tarred.code == 0 else { throw TestRegistry.Failure(tarred.err) }
        let host = TestRegistry.hostPlatform
        try TestRegistry.makeLayout(dir + "/app", tag: "1", platforms: ["\(host)=\(try BusyboxImage.tarball()),\(dir)/small.tar"])
        return dir + "/app"
    }

    @Test(.needsRegistry) func fromPullsAMissingImageAndPullPullsAgain() throws {
        let registry = try TestRegistry()
        defer { registry.stop() }
        try registry.push(layout: try Self.layout.get(), tag: "1", as: "app:1")
        let box = try Sandbox(importBusybox: false)
        defer { box.finish() }
        let name = "\(registry.address)/app:1"
        let context = try BuildTests.context(box, ["Dockerfile": "FROM \(name)\nRUN cat /etc/greeting > /copied\n"])

        let built = box.run(["build", "--network", "none", "-t", "pulled", context])
        #expect(built.code == 0, "\(built.err)")
        #expect(built.err.contains("[1/2] FROM \(name)\n1: Pulling from app\n"), "the pull's lines are the FROM step's: \(built.err)")
        #expect(built.err.contains("Status: Downloaded newer image for \(name)"), "\(built.err)")
        #expect(built.out.isEmpty)
        #expect(box.run(["images", "--format", "{{.Repository}}:{{.Tag}}"]).out.contains(name + "\n"))
        #expect(box.run(["run", "--rm", "--net=none", "pulled", "cat", "/copied"]).out == "hello\n")

        // In the store now: no pull, and the RUN is cached.
        let again = box.run(["build", "--network", "none", "-t", "pulled", context])
        #expect(again.code == 0 && !again.err.contains("Pulling from") && again.err.contains(" CACHED"), "\(again.err)")
        // --pull asks the registry whatever the store holds.
        let always = box.run(["build", "--pull", "--network", "none", "-t", "pulled", context])
        #expect(always.code == 0 && always.err.contains("Status: Image is up to date for \(name)"), "\(always.err)")
        // -q: only the ID on stdout, not the pull's lines.
        #expect(box.run(["rmi", "pulled", name]).code == 0)
        let quiet = box.run(["build", "-q", "--network", "none", context])
        #expect(quiet.code == 0 && quiet.out.hasPrefix("sha256:") && quiet.out.split(separator: "\n").count == 1 && quiet.err.isEmpty, "\(quiet.out) \(quiet.err)")
    }

    /// COPY --from of an image the store lacks pulls it, as FROM does, its lines under the COPY step.
    @Test(.needsRegistry) func copyFromAMissingImagePullsIt() throws {
        let registry = try TestRegistry()
        defer { registry.stop() }
        try registry.push(layout: try Self.layout.get(), tag: "1", as: "app:1")
        let box = try Sandbox()
        defer { box.finish() }
        let name = "\(registry.address)/app:1"
        let context = try BuildTests.context(box, ["Dockerfile": "FROM busybox\nCOPY --from=\(name) /etc/greeting /copied\n"])

        let built = box.run(["build", "--progress", "plain", "--network", "none", "-t", "copied", context])
        #expect(built.code == 0, "\(built.err)")
        #expect(built.err.contains("[2/2] COPY --from=\(name) /etc/greeting /copied\n1: Pulling from app\n"), "\(built.err)")
        #expect(box.run(["images", "--format", "{{.Repository}}:{{.Tag}}"]).out.contains(name + "\n"))
        #expect(box.run(["run", "--rm", "--net=none", "copied", "cat", "/copied"]).out == "hello\n")

        // In the store now: no pull, and the COPY is cached.
        let again = box.run(["build", "--progress", "plain", "--network", "none", "-t", "copied", context])
        #expect(again.code == 0 && !again.err.contains("Pulling from") && again.err.contains(" CACHED"), "\(again.err)")
    }

    @Test func fromOfAnImageNoRegistryHasFailsWithOneLine() throws {
        let box = try Sandbox(importBusybox: false)
        defer { box.finish() }
        // Port 1 of loopback: refused at once, no registry beyond this machine asked.
        let result = box.run(["build", "-t", "never", "-"], stdin: "FROM 127.0.0.1:1/absent:1\nRUN true\n")
        #expect(result.code == 1)
        #expect(result.err.contains("minirun: Dockerfile:1: FROM 127.0.0.1:1/absent:1: cannot reach 127.0.0.1:1"), "\(result.err)")
        #expect(BuildTests.imageID(box, "never").isEmpty && box.run(["images", "-q"]).out.isEmpty)
        #expect(!((try? FileManager.default.contentsOfDirectory(atPath: box.root + "/images")) ?? []).contains { $0.hasPrefix(".staging") })
    }

    @Test func addDownloadsURLsChecksThemAndCachesByContent() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let served = box.root + "/served"
        try FileManager.default.createDirectory(atPath: served, withIntermediateDirectories: true)
        try "downloaded\n".write(toFile: served + "/file.txt", atomically: true, encoding: .utf8)
        #expect(Command.shell("cd \(served) && mkdir t && echo in > t/in && tar -czf remote.tar.gz t && rm -r t").code == 0)
        let server = try FileServer(serving: served)
        defer { server.stop() }
        let url = "http://\(server.address)"
        let sum = Command.run("/usr/bin/sha256sum", [served + "/file.txt"]).out.prefix(64)
        let context = try BuildTests.context(box, ["Dockerfile": """
            FROM busybox
            ADD \(url)/file.txt /dl/
            ADD --checksum=sha256:\(sum) \(url)/file.txt?x=1 /named
            ADD --chown=5:6 --chmod=644 \(url)/file.txt /owned
            ADD \(url)/remote.tar.gz /remote/
            """])
        let built = box.run(["build", "-t", "urls", context])
        #expect(built.code == 0, "\(built.err)")
        let probe = box.run(["run", "--rm", "--net=none", "urls", "sh", "-c",
                             "cat /dl/file.txt /named; stat -c '%a %u:%g %n' /dl/file.txt /named /owned; ls /remote"])
        #expect(probe.out == "downloaded\ndownloaded\n600 0:0 /dl/file.txt\n600 0:0 /named\n644 5:6 /owned\nremote.tar.gz\n", "a remote archive is not unpacked: \(probe.err)")

        // The same content is a cached step; another content runs it again.
        let again = box.run(["build", "-t", "urls", context])
        #expect(again.err.components(separatedBy: " CACHED").count - 1 == 4, "\(again.err)")
        try "changed\n".write(toFile: served + "/file.txt", atomically: true, encoding: .utf8)
        let changed = box.run(["build", "-t", "urls", "-f", "-", context], stdin: "FROM busybox\nADD \(url)/file.txt /dl/\n")
        #expect(changed.code == 0 && !changed.err.contains("CACHED"), "\(changed.err)")
        #expect(box.run(["run", "--rm", "--net=none", "urls", "cat", "/dl/file.txt"]).out == "changed\n")

        let cases: [(String, String)] = [
            ("ADD --checksum=sha256:\(sum) \(url)/file.txt /x\n", "Dockerfile:2: ADD: digest mismatch for \(url)/file.txt: expected sha256:\(sum), got sha256:"),
            ("ADD --checksum=md5:abc \(url)/file.txt /x\n", "Dockerfile:2: ADD: invalid checksum digest format: md5:abc"),
            ("ADD \(url)/absent.txt /x\n", "Dockerfile:2: ADD: invalid response status 404 for \(url)/absent.txt"),
            ("ADD --checksum=sha256:\(sum) Dockerfile /x\n", "Dockerfile:2: ADD: checksum can only be given for a single http(s) source"),
        ]
        for (step, message) in cases {
            let result = box.run(["build", "-t", "bad", "-f", "-", context], stdin: "FROM busybox\n" + step)
            #expect(result.code == 1 && result.err.contains(message), "\(step): \(result.err)")
        }
        #expect(BuildTests.imageID(box, "bad").isEmpty)
    }

    @Test func addUnpacksLocalGzipBzip2AndXzTars() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let context = try BuildTests.context(box, ["Dockerfile": """
            FROM busybox
            ADD a.tar.gz /gz/
            ADD a.tar.bz2 /bz2/
            ADD a.tar.xz /xz/
            ADD a.tgz /tgz
            """, "src/dir/file": "packed\n"])
        let made = Command.shell("""
            set -e; cd \(context)
            tar -C src -czf a.tar.gz dir; tar -C src -cjf a.tar.bz2 dir; tar -C src -cJf a.tar.xz dir; cp a.tar.gz a.tgz
            """)
        #expect(made.code == 0, "\(made.err)")
        let built = box.run(["build", "--network", "none", "-t", "archives", context])
        #expect(built.code == 0, "\(built.err)")
        let probe = box.run(["run", "--rm", "--net=none", "archives", "cat", "/gz/dir/file", "/bz2/dir/file", "/xz/dir/file", "/tgz/dir/file"])
        #expect(probe.out == String(repeating: "packed\n", count: 4), "\(probe.err)")
    }
}
