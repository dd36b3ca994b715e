import Registry
import Runtime
import Testing

@Suite struct RemoteReferenceTests {
    @Test(arguments: [
        ("busybox", "docker.io", "library/busybox", "latest", nil, "busybox:latest"),
        ("busybox:1.36", "docker.io", "library/busybox", "1.36", nil, "busybox:1.36"),
        ("someone/app", "docker.io", "someone/app", "latest", nil, "someone/app:latest"),
        ("docker.io/library/busybox:1", "docker.io", "library/busybox", "1", nil, "busybox:1"),
        ("index.docker.io/library/busybox", "docker.io", "library/busybox", "latest", nil, "busybox:latest"),
        ("127.0.0.1:5000/app", "127.0.0.1:5000", "app", "latest", nil, "127.0.0.1:5000/app:latest"),
        ("localhost/a/b:v2", "localhost", "a/b", "v2", nil, "localhost/a/b:v2"),
        ("ghcr.io/org/app_x.y-z:1", "ghcr.io", "org/app_x.y-z", "1", nil, "ghcr.io/org/app_x.y-z:1"),
    ] as [(String, String, String, String?, String?, String)])
    func parses(_ text: String, registry: String, repository: String, tag: String?, digest: String?, local: String) throws {
        let reference = try RemoteReference(parsing: text)
        #expect(reference.registry == registry)
        #expect(reference.repository == repository)
        #expect(reference.tag == tag)
        #expect(reference.digest == digest)
        #expect(reference.localName?.description == local)
    }

    @Test(arguments: [
        ("busybox", true), ("127.0.0.1:5000/app", true), ("localhost/a/b", true),
        ("busybox:latest", false), ("127.0.0.1:5000/app:1", false), ("busybox@sha256:" + String(repeating: "ab", count: 32), false),
    ])
    func nameOnly(_ text: String, expected: Bool) throws {
        #expect(RemoteReference.isNameOnly(text) == expected)
    }

    @Test func canonicalNameHasNoTag() throws {
        #expect(try RemoteReference(parsing: "busybox:1").canonicalName == "docker.io/library/busybox")
        #expect(try RemoteReference(parsing: "127.0.0.1:5000/app").canonicalName == "127.0.0.1:5000/app")
    }

    @Test func digestWinsAndNamesNothing() throws {
        let digest = "sha256:" + String(repeating: "ab", count: 32)
        let reference = try RemoteReference(parsing: "busybox@" + digest)
        #expect(reference.manifestReference == digest)
        #expect(reference.localName == nil)
        #expect(reference.canonical == "docker.io/library/busybox@" + digest)
        let both = try RemoteReference(parsing: "127.0.0.1:5000/app:1@" + digest)
        #expect(both.manifestReference == digest)
    }

    @Test(arguments: [
        "", "Busybox", "busybox:", "busybox:-x", "a//b", "/a", "a/", "busybox@sha256:abc", "busybox@md5:" + String(repeating: "0", count: 32),
        "host:99999/app", "ho_st:5000/app", "a..b", "a--", String(repeating: "a", count: 256),
    ])
    func refuses(_ text: String) {
        #expect(throws: RuntimeError.self) { try RemoteReference(parsing: text) }
        #expect((try? RemoteReference(parsing: text)) == nil)
    }

    /// Docker's messages: capitals in the repository are named as the registry knows it (a first
    /// component with capitals is a host name to Docker); anything else names the input.
    @Test(arguments: [
        ("bad_/name", "invalid reference format: bad_/name"),
        ("UPPER", "invalid reference format: repository name (library/UPPER) must be lowercase"),
        ("UPPER:Tag", "invalid reference format: repository name (library/UPPER) must be lowercase"),
        ("someone/App", "invalid reference format: repository name (someone/App) must be lowercase"),
        ("127.0.0.1:5000/App:1", "invalid reference format: repository name (App) must be lowercase"),
        ("Bad/Name", "invalid reference format: repository name (Name) must be lowercase"),
    ])
    func refusalIsOneLineNamingTheInput(text: String, message: String) {
        do {
            _ = try RemoteReference(parsing: text)
            Issue.record("parsed \(text)")
        } catch {
            #expect("\(error)" == message)
        }
    }

    @Test func registryNamesForLogin() throws {
        #expect(try RegistryName.parse("https://index.docker.io/v1/") == "docker.io")
        #expect(try RegistryName.parse("127.0.0.1:5000") == "127.0.0.1:5000")
        #expect(try RegistryName.parse("http://127.0.0.1:5000/") == "127.0.0.1:5000")
        #expect(throws: RuntimeError.self) { try RegistryName.parse("bad host") }
    }

    /// A pulled image named after its registry can be named again by `run`, `rmi` and `images`.
    @Test func localNamesWithARegistryParseAsImageReferences() throws {
        let local = try #require(try RemoteReference(parsing: "127.0.0.1:5000/app/x:2").localName)
        #expect(try ImageReference(parsing: local.description) == local)
        #expect(try ImageReference(parsing: "127.0.0.1:5000/app") == ImageReference(repository: "127.0.0.1:5000/app", tag: "latest"))
    }
}
