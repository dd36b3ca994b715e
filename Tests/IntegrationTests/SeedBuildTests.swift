import Foundation
import TestSupport
import Testing

/// The seed's build, as docs/build.md walks it: rootfs-scripts/debian.sh makes a Debian image with
/// nginx, and the seed's four-line Dockerfile builds on it with `minirun build -t nginx-custom .`,
/// its `RUN apt-get` steps reaching Debian's archive (the mirror this machine's apt uses) over the
/// bridge network, as `docker build` does. The one test that uses the archive: skipped, with the
/// reason, when the mirror does not answer. It takes minutes (debootstrap, then apt-get).
@Suite(.enabled(if: isRoot, "needs root"), .serialized)
struct SeedBuildTests {
    static let debianScript = BusyboxImage.packageRoot + "/rootfs-scripts/debian.sh"

    /// Why Debian's archive cannot be used here, or nil.
    static let whyNoArchive: String? = {
        let mirror = Command.run(debianScript, ["--mirror"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !mirror.isEmpty else { return "no Debian mirror in /etc/apt" }
        let probe = Command.run("/usr/bin/env", ["python3", "-c", """
            import sys, urllib.request
            urllib.request.urlopen(sys.argv[1] + "/dists/bookworm/Release", timeout=10).read(1)
            """, mirror])
        return probe.code == 0 ? nil : "Debian's archive \(mirror) does not answer: \(probe.err.split(separator: "\n").last ?? "")"
    }()

    static let seedDockerfile = """
        FROM nginx
        RUN apt-get update
        RUN apt-get install -y net-tools
        RUN apt-get install -y iputils-ping
        """

    @Test(.disabled(if: whyNoArchive != nil, Comment(rawValue: whyNoArchive ?? "")))
    func theSeedsDockerfileBuildsOnTheDebianImageAndRunsNginx() throws {
        let box = try Sandbox(importBusybox: false)
        defer { box.finish() }
        let tarball = box.root + "/nginx.tar"
        let made = Command.run(Self.debianScript, [tarball, "nginx"])
        try #require(made.code == 0, "\(made.err)")
        #expect(box.run(["image", "import", tarball, "nginx"]).code == 0)
        let context = try BuildTests.context(box, ["Dockerfile": Self.seedDockerfile])

        let built = box.run(["build", "-t", "nginx-custom", context])
        #expect(built.code == 0, "\(built.err)")
        #expect(built.err.contains("[2/4] RUN apt-get update\n"), "\(built.err)")
        #expect(built.err.contains("Setting up net-tools") && built.err.contains("Setting up iputils-ping"), "\(built.err)")
        let again = box.run(["build", "-t", "nginx-custom", context])
        #expect(again.err.components(separatedBy: " CACHED").count - 1 == 3, "an unchanged rebuild runs nothing: \(again.err)")

        // The image has what the RUN steps installed, and serves nginx's page on the container's address.
        let tools = box.run(["run", "--rm", "nginx-custom", "sh", "-c", "ifconfig lo | head -n1; ping -c1 -W2 127.0.0.1 | head -n1"])
        #expect(tools.out.hasPrefix("lo: flags="), "\(tools.err)")
        #expect(tools.out.contains("PING 127.0.0.1"), "\(tools.err)")
        let web = box.run(["run", "-d", "--name", "web", "nginx-custom", "nginx", "-g", "daemon off;"])
        #expect(web.code == 0, "\(web.err)")
        let address = box.run(["inspect", "-f", "{{.NetworkSettings.IPAddress}}", "web"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        var page = ""
        for _ in 0..<50 where !page.contains("Welcome to nginx") {
            page = Command.shell("timeout 5 busybox wget -q -O- http://\(address)/").out
            if !page.contains("Welcome to nginx") { usleep(200_000) }
        }
        #expect(page.contains("Welcome to nginx"), "http://\(address)/")
        #expect(box.run(["rm", "-f", "web"]).code == 0)
    }
}
