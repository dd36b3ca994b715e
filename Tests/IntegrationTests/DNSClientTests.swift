import Foundation
import TestSupport
import Testing

/// Real resolvers against a network's name server, in a Debian image made by rootfs-scripts/debian.sh
/// with bind9-dnsutils: dig over UDP and TCP, with and without EDNS0, and glibc's resolver (getent)
/// through the container's resolv.conf, for the network's names and, through an upstream the test
/// runs in a namespace of its own, for others; and glibc answered again as soon as a responder
/// killed with kill -9 is started again.
@Suite(.enabled(if: isRoot, "needs root"),
       .enabled(if: DebianDigImage.tarball != nil, "rootfs-scripts/debian.sh could not build a Debian rootfs with bind9-dnsutils here (no Debian mirror reachable?)"))
struct DNSClientTests {
    @Test func digAndGetentGetTheNetworksNamesAndTheUpstreams() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let upstream = try Upstream(octet: box.subnetOctet)
        defer { upstream.stop() }
        let environment = try upstream.resolverEnvironment(in: box)
        let imported = box.run(["image", "import", try #require(DebianDigImage.tarball), "debian-dig"])
        try #require(imported.code == 0, "\(imported.err)")
        let net = box.uniqueName("dnsdig")
        #expect(box.run(["network", "create", "--subnet", box.subnet(27), net]).code == 0)
        for (name, image) in [("web", "busybox"), ("client", "debian-dig")] {
            let started = box.run(["run", "-d", "--name", name, "--network", net, "--network-alias", "site", image, "sleep", "300"],
                                  environment: environment)
            #expect(started.code == 0, "\(started.err)")
        }
        let web = box.address(of: "web")
        let client = box.run(["inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", "client"]).out
            .trimmingCharacters(in: .whitespacesAndNewlines)

        func dig(_ query: String) -> String { box.run(["exec", "client", "dig"] + query.split(separator: " ").map(String.init)).out }
        #expect(dig("+short web") == "\(web)\n")
        #expect(dig("+short +tcp web") == "\(web)\n", "over TCP")
        #expect(dig("+short +noedns WEB") == "\(web)\n", "without EDNS0, in capitals")
        #expect(dig("+short -x \(web)") == "web.\n", "PTR")
        #expect(Set(dig("+short site").split(separator: "\n")) == [Substring(web), Substring(client)], "an alias of two")
        let aaaa = dig("web AAAA")
        #expect(aaaa.contains("status: NOERROR") && aaaa.contains("ANSWER: 0,"), "\(aaaa)")
        #expect(dig("nosuch").contains("status: NXDOMAIN"))
        #expect(dig("+short plain.test") == "192.0.2.7\n", "forwarded")
        #expect(dig("+short big.test").split(separator: "\n") == ["192.0.2.1", "192.0.2.2", "192.0.2.3"], "truncated upstream, asked again over TCP")
        #expect(dig("+short +tcp big.test").split(separator: "\n") == ["192.0.2.1", "192.0.2.2", "192.0.2.3"], "forwarded over TCP")

        // glibc: aliases are in no /etc/hosts, so only the name server can answer for them.
        #expect(!box.run(["exec", "client", "cat", "/etc/hosts"]).out.contains("site"))
        func getent(_ name: String) -> [String] {
            box.run(["exec", "client", "getent", "hosts", name]).out.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }
        }
        #expect(Set(getent("site")) == [web, client])
        #expect(getent("plain.test") == ["192.0.2.7"])

        // Killed: glibc is refused at once (ICMP port unreachable); started again by `network inspect`,
        // the very next lookup is answered.
        let pid = try #require(Int32((try String(contentsOfFile: box.root + "/run/dns/\(net).pid", encoding: .utf8))
            .trimmingCharacters(in: .whitespacesAndNewlines)))
        kill(pid, SIGKILL)
        #expect(eventually { kill(pid, 0) != 0 || (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8))?.contains(") Z") == true })
        #expect(getent("site").isEmpty, "nobody answers")
        #expect(box.run(["network", "inspect", net]).code == 0)
        #expect(!getent("site").isEmpty, "answered again")
    }
}

/// A Debian bookworm minbase rootfs with bind9-dnsutils (dig), built once per test run with
/// rootfs-scripts/debian.sh from the machine's apt mirror; nil when that fails.
enum DebianDigImage {
    static let tarball: String? = {
        let path = "/var/tmp/minirun-test-debian-dig-\(getpid()).tar"
        let result = Command.run(BusyboxImage.packageRoot + "/rootfs-scripts/debian.sh", [path, "bind9-dnsutils"])
        guard result.code == 0 else {
            print("rootfs-scripts/debian.sh with bind9-dnsutils failed: \(result.err.split(separator: "\n").suffix(3).joined(separator: " / "))")
            unlink(path)
            return nil
        }
        atexit { unlink("/var/tmp/minirun-test-debian-dig-\(getpid()).tar") }
        return path
    }()
}
