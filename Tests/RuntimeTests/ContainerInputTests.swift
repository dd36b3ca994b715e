@testable import Runtime
import Testing

struct EnvironmentTests {
    @Test func parsesOptionsAndFilesLikeDocker() throws {
        let env = try Environment.parse(
            options: ["A=1", "FROM_HOST", "MISSING", "EMPTY="],
            files: ["# comment\n\nB=2\r\n  C=3\nFROM_HOST\n"],
            host: { ["FROM_HOST": "here"][$0] })
        #expect(env == ["B=2", "C=3", "FROM_HOST=here", "A=1", "FROM_HOST=here", "EMPTY="])
    }

    @Test func rejectsEntriesWithoutAName() {
        #expect(throws: RuntimeError.self) { try Environment.parse(options: ["=x"], files: [], host: { _ in nil }) }
        #expect(throws: RuntimeError.self) { try Environment.parse(options: [], files: ["A=\u{0}"], host: { _ in nil }) }
    }

    @Test func buildsDefaultsTheUserCanOverride() {
        let env = Environment.build(user: ["PATH=/bin", "X=1"], hostname: "abc", tty: true, home: "/root")
        #expect(env == ["PATH=/bin", "HOSTNAME=abc", "TERM=xterm", "HOME=/root", "X=1"])
        #expect(Environment.path(in: env) == "/bin")
        #expect(!Environment.build(user: [], hostname: "h", tty: false, home: "/").contains("TERM=xterm"))
    }
}

struct UserSpecTests {
    let files = [
        "/etc/passwd": "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\napp:x:1000:1000::/home/app:/bin/sh\n",
        "/etc/group": "root:x:0:\nnogroup:x:65534:\napp:x:1000:\nwheel:x:10:app,other\n",
    ]

    func resolve(_ text: String) throws -> UserSpec {
        try UserSpec.resolve(text) { files[$0] }
    }

    @Test func resolvesNamesAndNumbers() throws {
        #expect(try resolve("") == UserSpec(uid: 0, gid: 0, groups: [0], home: "/root"))
        #expect(try resolve("app") == UserSpec(uid: 1000, gid: 1000, groups: [1000, 10], home: "/home/app"))
        #expect(try resolve("1000:wheel").gid == 10)
        #expect(try resolve("4242") == UserSpec(uid: 4242, gid: 0, groups: [0], home: "/"))
        #expect(try resolve("65534:65534").home == "/nonexistent")
    }

    /// As runc's lookup under moby: the primary group leads the list, and the groups whose member
    /// lists name the user follow only when no group was named.
    @Test func supplementaryGroupsFollowDockersRules() throws {
        #expect(try resolve("1000").groups == [1000, 10], "a number with a passwd entry is that user")
        #expect(try resolve("app:wheel").groups == [10])
        #expect(try resolve("app:4000").groups == [4000])
    }

    @Test func groupAddAddsNamesAndNumbersOnce() throws {
        let user = try UserSpec.resolve("app", additionalGroups: ["nogroup", "77", "65534", "wheel"]) { files[$0] }
        #expect(user.groups == [1000, 10, 65534, 77, 10])
        #expect(throws: RuntimeError.self) { try UserSpec.resolve("", additionalGroups: ["ghosts"]) { files[$0] } }
    }

    @Test func rejectsUnknownNames() {
        #expect(throws: RuntimeError.self) { try resolve("ghost") }
        #expect(throws: RuntimeError.self) { try resolve("app:ghosts") }
    }
}

struct EtcFilesTests {
    @Test func hostsListsLocalhostThenEntries() {
        let text = EtcFiles.hosts(entries: [("172.17.0.2", ["abc123", "web"]), ("10.0.0.1", [])])
        #expect(text.hasPrefix("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"))
        #expect(text.hasSuffix("ff02::2\tip6-allrouters\n172.17.0.2\tabc123 web\n"))
    }

    @Test func resolvConfDropsLoopbackAndIPv6ServersForOwnNetworks() {
        let host = "search example.org\nnameserver 127.0.0.53\nnameserver 2001:db8::53\nnameserver 10.0.0.1\nnameserver fe80::1%eth0\noptions edns0\n"
        #expect(EtcFiles.resolvConf(host: host, hostNetwork: false) == "search example.org\nnameserver 10.0.0.1\noptions edns0\n")
        #expect(EtcFiles.resolvConf(host: host, hostNetwork: true) == host)
        #expect(EtcFiles.resolvConf(host: "nameserver 127.0.0.1\nnameserver ::1\n", hostNetwork: false) == "nameserver 8.8.8.8\nnameserver 8.8.4.4\n")
    }

    @Test func hostnamesFollowRFC1123() {
        #expect(Engine.isValidHostname("web01"))
        #expect(Engine.isValidHostname("a.b-c"))
        #expect(!Engine.isValidHostname("-a"))
        #expect(!Engine.isValidHostname("a..b"))
        #expect(!Engine.isValidHostname("a_b"))
        #expect(!Engine.isValidHostname(String(repeating: "a", count: 65)))
    }
}
