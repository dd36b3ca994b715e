import Foundation
@testable import Registry
import Runtime
import Testing

@Suite struct ChallengeTests {
    @Test func bearerWithQuotedParameters() throws {
        let challenge = try #require(Challenge(header: #"Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a:pull""#))
        #expect(challenge.scheme == .bearer)
        #expect(challenge.parameters == ["realm": "https://auth.example/token", "service": "registry.example", "scope": "repository:a:pull"])
    }

    @Test func linkHeaderNamesTheNextPage() {
        #expect(RegistrySession.nextPage("</v2/app/tags/list?last=b&n=2>; rel=\"next\"") == "/v2/app/tags/list?last=b&n=2")
        #expect(RegistrySession.nextPage("<https://r.example/a>; rel=prev, <https://r.example/b>;rel=next") == "https://r.example/b")
        #expect(RegistrySession.nextPage("</v2/app/tags/list?last=b>; rel=\"last\"") == nil)
        #expect(RegistrySession.nextPage(nil) == nil)
    }

    @Test func basicAndOthers() {
        #expect(Challenge(header: #"Basic realm="Registry Realm""#)?.scheme == .basic)
        #expect(Challenge(header: "Negotiate abc") == nil)
        #expect(Challenge(header: #"Bearer service="x""#) == nil)  // no realm
    }
}

@Suite struct PlatformTests {
    let reference = try! RemoteReference(parsing: "127.0.0.1:5000/app:1")

    func entry(_ os: String, _ architecture: String, _ variant: String? = nil, digest: Character = "a") -> OCIDescriptor {
        OCIDescriptor(
            mediaType: MediaType.ociManifest, digest: "sha256:" + String(repeating: digest, count: 64), size: 1,
            platform: Platform(architecture: architecture, os: os, variant: variant))
    }

    @Test func choosesTheWantedPlatform() throws {
        let entries = [entry("linux", "arm64", "v8", digest: "b"), entry("linux", "amd64", digest: "c")]
        #expect(try Platform(architecture: "amd64", os: "linux").select(from: entries, in: reference) == entries[1])
        #expect(try Platform(parsing: "linux/arm64/v8").select(from: entries, in: reference) == entries[0])
    }

    @Test func noMatchListsWhatThereIs() {
        let entries = [entry("linux", "arm64", "v8"), entry("linux", "s390x"), entry("linux", "s390x")]
        do {
            _ = try Platform(architecture: "amd64", os: "linux").select(from: entries, in: reference)
            Issue.record("selected")
        } catch {
            #expect("\(error)" == "no matching manifest for linux/amd64 in the manifest list entries of 127.0.0.1:5000/app:1 (it has: linux/arm64/v8, linux/s390x)")
        }
    }

    @Test func hostIsLinux() {
        #expect(Platform.current.os == "linux")
        #expect(!Platform.current.architecture.isEmpty)
    }

    @Test func platformFlagSyntax() {
        #expect(throws: RuntimeError.self) { try Platform(parsing: "linux") }
        #expect(throws: RuntimeError.self) { try Platform(parsing: "linux//v7") }
    }
}

@Suite struct AuthFileTests {
    func withRoot(_ body: (StateRoot) throws -> Void) throws {
        let dir = FileManager.default.temporaryDirectory.path + "/minirun-auth-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try body(StateRoot(data: dir, run: dir + "/run"))
    }

    @Test func storesInDockersFormatWithMode0600() throws {
        try withRoot { root in
            let file = AuthFile(root: root)
            try file.store(Credentials(username: "me", password: "se:cret"), for: "127.0.0.1:5000")
            try file.store(Credentials(username: "hub", password: "x"), for: "docker.io")
            var st = stat()
            #expect(stat(file.path, &st) == 0 && st.st_mode & 0o777 == 0o600)
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file.path))) as? [String: Any]
            let auths = json?["auths"] as? [String: [String: String]]
            #expect(auths?["127.0.0.1:5000"]?["auth"] == Data("me:se:cret".utf8).base64EncodedString())
            #expect(auths?["https://index.docker.io/v1/"] != nil)
            #expect(try file.credentials(for: "127.0.0.1:5000") == Credentials(username: "me", password: "se:cret"))
            #expect(try file.remove(registry: "127.0.0.1:5000"))
            #expect(try !file.remove(registry: "127.0.0.1:5000"))
            #expect(try file.credentials(for: "127.0.0.1:5000") == nil)
            #expect(try file.credentials(for: "docker.io")?.username == "hub")
        }
    }

    @Test func readsKeysWrittenAsURLsAndKeepsOtherKeys() throws {
        try withRoot { root in
            let file = AuthFile(root: root)
            try FileManager.default.createDirectory(atPath: root.data, withIntermediateDirectories: true)
            let encoded = Data("u:p".utf8).base64EncodedString()
            try #"{"auths":{"http://127.0.0.1:5000/v2/":{"auth":"\#(encoded)"}},"credsStore":"none"}"#
                .write(toFile: file.path, atomically: true, encoding: .utf8)
            #expect(try file.credentials(for: "127.0.0.1:5000") == Credentials(username: "u", password: "p"))
            try file.store(Credentials(username: "v", password: "q"), for: "127.0.0.1:5000")
            let text = try String(contentsOfFile: file.path, encoding: .utf8)
            #expect(text.contains("credsStore"))
            #expect(!text.contains("http://"))
        }
    }
}

@Suite struct InsecureRegistriesTests {
    @Test func plainHTTPOnlyForLoopbackAndListedHosts() {
        let insecure = InsecureRegistries(["reg.lan:5000", "other.lan"])
        #expect(insecure.allowsPlainHTTP("localhost:5000"))
        #expect(insecure.allowsPlainHTTP("127.0.0.1:5000"))
        #expect(insecure.allowsPlainHTTP("127.1.2.3"))
        #expect(insecure.allowsPlainHTTP("reg.lan:5000"))
        #expect(!insecure.allowsPlainHTTP("reg.lan:5001"))
        #expect(insecure.allowsPlainHTTP("other.lan:443"))
        #expect(!insecure.allowsPlainHTTP("docker.io"))
        #expect(!insecure.allowsPlainHTTP("127.example.com"))
        #expect(!insecure.allowsPlainHTTP("128.0.0.1:5000"))
    }

    @Test func theConfigFileAddsEntries() throws {
        let dir = FileManager.default.temporaryDirectory.path + "/minirun-insecure-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try #"{"insecure-registries":["file.lan:5000"]}"#.write(toFile: dir + "/registries.json", atomically: true, encoding: .utf8)
        let insecure = try InsecureRegistries(root: StateRoot(data: dir, run: dir + "/run"), flags: ["flag.lan"])
        #expect(insecure.allowsPlainHTTP("file.lan:5000"))
        #expect(insecure.allowsPlainHTTP("flag.lan:1"))
        #expect(!insecure.allowsPlainHTTP("nope.lan"))
    }
}
