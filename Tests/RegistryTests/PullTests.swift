import Foundation
@testable import Registry
import Runtime
import Testing
import TestSupport

/// Pulls from a real registry (Debian's docker-registry on loopback, seeded with skopeo) through the
/// library, checking the IncomingImage the store would get and what is left on disk after.
@Suite(.serialized, .needsRegistry)
struct PullTests {
    /// Layer tarballs and OCI layouts made once: busybox (from rootfs-scripts/busybox.sh), a small
    /// layer and a large random one (so that two pulls overlap while it downloads).
    static let fixtures: Result<String, any Error> = Result {
        let dir = "/var/tmp/minirun-registry-fixtures-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        atexit { _ = Command.run("/bin/rm", ["-rf", "/var/tmp/minirun-registry-fixtures-\(getpid())"]) }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let steps: [(String, [String])] = [
            (root + "/rootfs-scripts/busybox.sh", [dir + "/busybox.tar"]),
            ("/bin/sh", ["-c", "mkdir -p \(dir)/small/etc && echo hello > \(dir)/small/etc/greeting && tar -C \(dir)/small -cf \(dir)/small.tar etc"]),
            ("/bin/sh", ["-c", "mkdir -p \(dir)/big && head -c 24M /dev/urandom > \(dir)/big/blob && tar -C \(dir)/big -cf \(dir)/big.tar blob"]),
        ]
        for (tool, arguments) in steps {
            let result = Command.run(tool, arguments)
            guard result.code == 0 else { throw TestRegistry.Failure("\(tool): \(result.err)") }
        }
        let host = Platform.current.description
        try TestRegistry.makeLayout(dir + "/one", tag: "1", platforms: ["\(host)=\(dir)/busybox.tar,\(dir)/small.tar"])
        try TestRegistry.makeLayout(dir + "/big", tag: "1", platforms: ["\(host)=\(dir)/small.tar,\(dir)/big.tar"])
        try TestRegistry.makeLayout(
            dir + "/multi", tag: "1", platforms: ["\(host)=\(dir)/busybox.tar", "linux/arm64=\(dir)/small.tar", "linux/s390x=\(dir)/small.tar"])
        try TestRegistry.makeLayout(dir + "/foreign", tag: "1", platforms: ["linux/arm64=\(dir)/small.tar", "linux/s390x=\(dir)/small.tar"])
        return dir
    }

    static func layout(_ name: String) throws -> String { try fixtures.get() + "/" + name }

    /// A state root of the test's own.
    final class Root: Sendable {
        let path = "/var/tmp/minirun-pull-\(UUID().uuidString.prefix(8))"
        var state: StateRoot { StateRoot(data: path, run: path + "/run") }
        deinit { try? FileManager.default.removeItem(atPath: path) }

        /// Nothing of the pull is left: no blob, partial download or staging directory.
        var downloads: [String] { (try? FileManager.default.contentsOfDirectory(atPath: path + "/downloads")) ?? [] }
    }

    struct Recorder: PullObserver {
        func pulling(_ reference: RemoteReference, layers: [String]) {}
        func layer(_ digest: String, _ event: LayerEvent) {}
    }

    /// What the store would get, checked: every layer file's digest is the one the manifest names.
    struct Received {
        var image: IncomingImage
        var config: [String: Any]
    }

    func pull(_ text: String, root: Root, platform: Platform = .current) async throws -> Received {
        let puller = Puller(root: root.state, insecure: InsecureRegistries([]), platform: platform, observer: Recorder())
        return try await puller.pull(try RemoteReference(parsing: text)) { image in
            for layer in image.layers {
                let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: layer.path)))
                #expect(Digest.of(bytes) == layer.digest)
            }
            let config = try JSONSerialization.jsonObject(with: Data(image.configBytes)) as? [String: Any] ?? [:]
            return Received(image: image, config: config)
        }
    }

    func message(_ body: () async throws -> Void) async -> String? {
        do {
            try await body()
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func byTagThenByDigest() async throws {
        let registry = try TestRegistry()
        defer { registry.stop() }
        try registry.push(layout: Self.layout("one"), tag: "1", as: "one:1")
        let root = Root()
        let byTag = try await pull("\(registry.address)/one:1", root: root)
        #expect(byTag.image.names == [ImageReference(repository: "\(registry.address)/one", tag: "1")])
        #expect(byTag.image.layers.count == 2)
        #expect(byTag.image.layers.allSatisfy { $0.mediaType == "application/vnd.oci.image.layer.v1.tar+gzip" })
        let digest = try #require(byTag.image.manifestDigest)
        #expect(root.downloads == [])

        let byDigest = try await pull("\(registry.address)/one@\(digest)", root: root)
        #expect(byDigest.image.names == [])
        #expect(byDigest.image.configBytes == byTag.image.configBytes)
        #expect(root.downloads == [])
    }

    @Test func manifestListChoosesThePlatform() async throws {
        let registry = try TestRegistry()
        defer { registry.stop() }
        try registry.push(layout: Self.layout("multi"), tag: "1", as: "multi:1")
        let root = Root()
        let host = try await pull("\(registry.address)/multi:1", root: root)
        #expect(host.config["architecture"] as? String == Platform.current.architecture)
        let arm = try await pull("\(registry.address)/multi:1", root: root, platform: Platform(architecture: "arm64", os: "linux"))
        #expect(arm.config["architecture"] as? String == "arm64")
        #expect(host.image.manifestDigest == arm.image.manifestDigest)  // the list's digest, for both
    }

    @Test func aMissingPlatformIsOneLineListingThePlatforms() async throws {
        let registry = try TestRegistry()
        defer { registry.stop() }
        try registry.push(layout: Self.layout("foreign"), tag: "1", as: "foreign:1")
        let root = Root()
        let said = await message { _ = try await pull("\(registry.address)/foreign:1", root: root) }
        #expect(said == "no matching manifest for \(Platform.current.description) in the manifest list entries of \(registry.address)/foreign:1 (it has: linux/arm64, linux/s390x)")
        #expect(root.downloads == [])
    }

    @Test func aCorruptBlobIsRefusedAndLeavesNothing() async throws {
        let registry = try TestRegistry()
        defer { registry.stop() }
        try registry.push(layout: Self.layout("one"), tag: "1", as: "one:1")
        let root = Root()
        let good = try await pull("\(registry.address)/one:1", root: root)
        let layer = good.image.layers[1].digest
        let data = registry.blobData(layer)
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: data)))
        bytes[bytes.count / 2] ^= 0xff
        try Data(bytes).write(to: URL(fileURLWithPath: data))

        let said = await message { _ = try await pull("\(registry.address)/one:1", root: root) }
        #expect(said?.hasPrefix("digest mismatch for layer \(layer.dropFirst(7).prefix(12)): expected \(layer), got sha256:") == true)
        #expect(root.downloads == [])
    }

    /// A blob that is another valid gzip (its header's MTIME changed) unpacks without a fault: only
    /// the digest minirun-unpack computed as it read it can refuse it.
    @Test func aValidButDifferentBlobIsRefusedByItsDigest() async throws {
        let registry = try TestRegistry()
        defer { registry.stop() }
        try registry.push(layout: Self.layout("one"), tag: "1", as: "one:1")
        let root = Root()
        let layer = try await pull("\(registry.address)/one:1", root: root).image.layers[1].digest
        let data = registry.blobData(layer)
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: data)))
        #expect(bytes.starts(with: [0x1f, 0x8b]), "the layer is gzip")
        bytes[4] ^= 0xff
        try Data(bytes).write(to: URL(fileURLWithPath: data))

        let said = await message { _ = try await pull("\(registry.address)/one:1", root: root) }
        #expect(said?.hasPrefix("digest mismatch for layer \(layer.dropFirst(7).prefix(12)): expected \(layer), got sha256:") == true)
        #expect(root.downloads == [])
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path + "/images").filter { $0.hasPrefix(".staging-") } == [], "no staging directory of the store is left")
    }

    @Test func notFoundIsOneLine() async throws {
        let registry = try TestRegistry()
        defer { registry.stop() }
        let root = Root()
        let said = await message { _ = try await pull("\(registry.address)/nothing:here", root: root) }
        #expect(said == "manifest for \(registry.address)/nothing:here not found: manifest unknown")
    }

    @Test func basicAuthNeedsLogin() async throws {
        let registry = try TestRegistry(auth: .basic(user: "alice", password: "wonder land"))
        defer { registry.stop() }
        try registry.push(layout: Self.layout("one"), tag: "1", as: "one:1")
        let root = Root()
        let said = await message { _ = try await pull("\(registry.address)/one:1", root: root) }
        #expect(said == "pull access denied for \(registry.address)/one: unauthorized (minirun login \(registry.address))")

        let wrong = await message {
            try await RegistrySession.open(
                registry: registry.address, repository: nil, credentials: Credentials(username: "alice", password: "no"),
                insecure: InsecureRegistries([])
            ).close()
        }
        #expect(wrong?.hasPrefix("log in to \(registry.address): unauthorized") == true)

        let right = Credentials(username: "alice", password: "wonder land")
        try await RegistrySession.open(registry: registry.address, repository: nil, credentials: right, insecure: InsecureRegistries([])).close()
        try AuthFile(root: root.state).store(right, for: registry.address)
        let pulled = try await pull("\(registry.address)/one:1", root: root)
        #expect(pulled.image.layers.count == 2)
    }

    @Test func anonymousBearerToken() async throws {
        let registry = try TestRegistry(auth: .token(user: nil, password: nil))
        defer { registry.stop() }
        try registry.push(layout: Self.layout("one"), tag: "1", as: "one:1")
        let pulled = try await pull("\(registry.address)/one:1", root: Root())
        #expect(pulled.image.layers.count == 2)
    }

    @Test func tokenWithCredentials() async throws {
        let registry = try TestRegistry(auth: .token(user: "bob", password: "builder"))
        defer { registry.stop() }
        try registry.push(layout: Self.layout("one"), tag: "1", as: "one:1")
        let root = Root()
        let anonymous = await message { _ = try await pull("\(registry.address)/one:1", root: root) }
        #expect(anonymous == "unauthorized: authentication required (minirun login \(registry.address))")
        let wrong = await message {
            try await RegistrySession.open(
                registry: registry.address, repository: nil, credentials: Credentials(username: "bob", password: "x"),
                insecure: InsecureRegistries([])
            ).close()
        }
        #expect(wrong == "unauthorized: incorrect username or password (minirun login \(registry.address))")
        try AuthFile(root: root.state).store(Credentials(username: "bob", password: "builder"), for: registry.address)
        #expect(try await pull("\(registry.address)/one:1", root: root).image.layers.count == 2)
    }

    /// Two pulls of one image at the same time download each layer once: the second waits for the
    /// first's download under the blob's lock and takes the finished file.
    @Test func concurrentPullsDownloadEachLayerOnce() async throws {
        let registry = try TestRegistry()
        defer { registry.stop() }
        try registry.push(layout: Self.layout("big"), tag: "1", as: "big:1")
        let root = Root()
        let reference = "\(registry.address)/big:1"
        async let first = pull(reference, root: root)
        async let second = pull(reference, root: root)
        let (a, b) = try await (first, second)
        #expect(a.image.configBytes == b.image.configBytes)
        let requests = registry.blobRequests
        for layer in a.image.layers {
            #expect(requests.filter { $0.contains(layer.digest) }.count == 1, "\(layer.digest): \(requests)")
        }
        #expect(root.downloads == [])
    }

    /// What a pull killed with kill -9 leaves: its staging directory, which no one holds, is gone
    /// after the next pull; its blobs - a half-written one, a complete one - stay for a pull that
    /// wants them, until a prune.
    @Test func leftoversOfKilledPullsStayUntilAPrune() async throws {
        let registry = try TestRegistry()
        defer { registry.stop() }
        try registry.push(layout: Self.layout("one"), tag: "1", as: "one:1")
        let root = Root()
        let downloads = root.path + "/downloads"
        try FileManager.default.createDirectory(atPath: downloads + "/.pull-0123456789abcdef", withIntermediateDirectories: true)
        let stray = "sha256-" + String(repeating: "e", count: 64)
        FileManager.default.createFile(atPath: downloads + "/" + stray + ".partial", contents: Data([1, 2, 3]))
        FileManager.default.createFile(atPath: downloads + "/" + stray, contents: Data([1, 2, 3]))
        _ = try await pull("\(registry.address)/one:1", root: root)
        #expect(root.downloads.sorted() == [stray, stray + ".partial"])
        #expect(try DownloadArea(root: root.state).prune() == 6)
        #expect(root.downloads == [])
    }

    /// The big layer of the "big" layout: its digest and bytes.
    func bigLayer() throws -> (digest: String, bytes: Data) {
        let layout = try Self.layout("big")
        func json(_ path: String) throws -> [String: Any] {
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: layout + "/" + path))) as? [String: Any] ?? [:]
        }
        let manifests = try json("index.json")["manifests"] as? [[String: Any]] ?? []
        let manifest = try json("blobs/sha256/" + ((manifests.first?["digest"] as? String) ?? "").dropFirst(7))
        let layers = manifest["layers"] as? [[String: Any]] ?? []
        let digest = try #require(layers.max { ($0["size"] as? Int ?? 0) < ($1["size"] as? Int ?? 0) }?["digest"] as? String)
        return (digest, try Data(contentsOf: URL(fileURLWithPath: layout + "/blobs/sha256/" + digest.dropFirst(7))))
    }

    /// The registry's access log lines for GETs of blob `digest`, by HTTP status.
    func statuses(_ registry: TestRegistry, _ digest: String) -> [String] {
        registry.blobRequests.filter { $0.contains(digest) }.compactMap { line in
            line.range(of: "HTTP/1.1\" ").map { String(line[$0.upperBound...].prefix(3)) }
        }
    }

    /// A half-downloaded blob an interrupted pull left is continued with a Range request: the
    /// registry answers 206 with the rest, and the whole checks out.
    @Test func aPartialDownloadIsContinuedWithARangeRequest() async throws {
        let registry = try TestRegistry()
        defer { registry.stop() }
        try registry.push(layout: Self.layout("big"), tag: "1", as: "big:1")
        let (digest, bytes) = try bigLayer()
        let root = Root()
        try FileManager.default.createDirectory(atPath: root.path + "/downloads", withIntermediateDirectories: true)
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: root.path + "/downloads/sha256-\(digest.dropFirst(7)).partial"))
        let pulled = try await pull("\(registry.address)/big:1", root: root)
        #expect(pulled.image.layers.contains { $0.digest == digest })
        #expect(statuses(registry, digest) == ["206"], "\(registry.blobRequests)")
        #expect(root.downloads == [])
    }

    /// A partial blob whose bytes are wrong fails its digest once continued, and is downloaded
    /// again from the start.
    @Test func aDamagedPartialDownloadIsDownloadedAgain() async throws {
        let registry = try TestRegistry()
        defer { registry.stop() }
        try registry.push(layout: Self.layout("big"), tag: "1", as: "big:1")
        let (digest, bytes) = try bigLayer()
        let root = Root()
        try FileManager.default.createDirectory(atPath: root.path + "/downloads", withIntermediateDirectories: true)
        try Data(repeating: 7, count: bytes.count / 2).write(to: URL(fileURLWithPath: root.path + "/downloads/sha256-\(digest.dropFirst(7)).partial"))
        let pulled = try await pull("\(registry.address)/big:1", root: root)
        #expect(pulled.image.layers.contains { $0.digest == digest })
        #expect(statuses(registry, digest) == ["206", "200"], "\(registry.blobRequests)")
        #expect(root.downloads == [])
    }

    /// Each failure is one line, and the pull leaves nothing behind.
    @Test(arguments: [
        ("status/500", "manifest for ADDRESS/status/500:1: received unexpected HTTP status: 500 Internal Server Error (fake failure 500)"),
        ("status/429", "manifest for ADDRESS/status/429:1: toomanyrequests: fake failure 429"),
        ("status/401", "pull access denied for ADDRESS/status/401: unauthorized (minirun login ADDRESS)"),
        ("closed", "ADDRESS: the registry closed the connection"),
        ("loop", "ADDRESS: redirect loop"),
    ])
    func aRegistryThatMisbehaves(_ name: String, _ expected: String) async throws {
        let registry = try MisbehavingRegistry()
        defer { registry.stop() }
        let root = Root()
        let said = await message { _ = try await pull("\(registry.address)/\(name):1", root: root) }
        #expect(said == expected.replacingOccurrences(of: "ADDRESS", with: registry.address))
        #expect(root.downloads == [])
    }

    @Test func aLayerCutHalfwayLeavesNothing() async throws {
        let registry = try MisbehavingRegistry()
        defer { registry.stop() }
        let root = Root()
        let said = await message { _ = try await pull("\(registry.address)/cut:1", root: root) }
        #expect(said?.hasPrefix("layer ") == true, "\(said ?? "pulled")")
        #expect(root.downloads == [])
    }

    /// A blob redirected to another host is fetched without the registry's Authorization header
    /// (the other host refuses a request that carries one).
    @Test func aRedirectToAnotherHostDropsTheAuthorizationHeader() async throws {
        let registry = try MisbehavingRegistry()
        defer { registry.stop() }
        let pulled = try await pull("\(registry.address)/redirected:1", root: Root())
        #expect(pulled.image.layers.count == 1)
    }
}
