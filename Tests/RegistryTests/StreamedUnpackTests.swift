import Foundation
@testable import Registry
import Runtime
import Testing
import TestSupport

/// Layers unpacked while they download: the store gets each downloaded layer's directory, unpacked
/// from the very bytes of the blob and with the config's diff_id, and nothing of them is left after
/// the pull. Uses PullTests' layouts.
@Suite(.serialized, .needsRegistry, .enabled(if: getuid() == 0, "layers keep their owners: root only"))
struct StreamedUnpackTests {
    /// Pulls `text`, handing `check` the image and its config's diff_ids while the unpacked layers
    /// are there; then checks that no staging directory of the image store is left.
    func pull(_ text: String, root: PullTests.Root, check: (IncomingImage, [String]) throws -> Void) async throws {
        let puller = Puller(root: root.state, insecure: InsecureRegistries([]), observer: PullTests.Recorder())
        try await puller.pull(try RemoteReference(parsing: text)) { image in
            let config = try JSONSerialization.jsonObject(with: Data(image.configBytes)) as? [String: Any]
            try check(image, (config?["rootfs"] as? [String: Any])?["diff_ids"] as? [String] ?? [])
        }
        #expect(stagings(root) == [], "the unpacked layers stayed")
    }

    func stagings(_ root: PullTests.Root) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root.path + "/images")) ?? []).filter { $0.hasPrefix(".staging-") }
    }

    @Test func eachLayerIsUnpackedAsItDownloads() async throws {
        let registry = try TestRegistry()
        defer { registry.stop() }
        try registry.push(layout: PullTests.layout("one"), tag: "1", as: "one:1")
        let root = PullTests.Root()
        try await pull("\(registry.address)/one:1", root: root) { image, diffIDs in
            #expect(image.layers.count == 2 && diffIDs.count == 2)
            for (layer, diffID) in zip(image.layers, diffIDs) {
                let unpacked = try #require(layer.unpacked, "\(layer.digest) was not unpacked")
                #expect(unpacked.extracted.digest == layer.digest)
                #expect(unpacked.extracted.diffID == diffID)
                #expect(unpacked.directory.hasPrefix(root.path + "/images/.staging-"))
            }
            #expect(FileManager.default.fileExists(atPath: image.layers[0].unpacked!.directory + "/diff/bin/busybox"))
            #expect(try String(contentsOfFile: image.layers[1].unpacked!.directory + "/diff/etc/greeting", encoding: .utf8) == "hello\n")
        }
    }

    /// A download continued from a partial file (206), or started again because the part kept was
    /// wrong (206, then 200), is unpacked whole: the kept bytes first, then the rest.
    @Test(arguments: [false, true])
    func aContinuedDownloadIsUnpackedWhole(damaged: Bool) async throws {
        let registry = try TestRegistry()
        defer { registry.stop() }
        try registry.push(layout: PullTests.layout("big"), tag: "1", as: "big:1")
        let (digest, bytes) = try PullTests().bigLayer()
        let root = PullTests.Root()
        try FileManager.default.createDirectory(atPath: root.path + "/downloads", withIntermediateDirectories: true)
        let kept = damaged ? Data(repeating: 7, count: bytes.count / 2) : bytes.prefix(bytes.count / 2)
        try kept.write(to: URL(fileURLWithPath: root.path + "/downloads/sha256-\(digest.dropFirst(7)).partial"))
        try await pull("\(registry.address)/big:1", root: root) { image, diffIDs in
            let index = try #require(image.layers.firstIndex { $0.digest == digest })
            let unpacked = try #require(image.layers[index].unpacked)
            #expect(unpacked.extracted.digest == digest)
            #expect(unpacked.extracted.diffID == diffIDs[index])
            let size = try FileManager.default.attributesOfItem(atPath: unpacked.directory + "/diff/blob")[.size] as? Int
            #expect(size == 24 << 20)
        }
        #expect(PullTests().statuses(registry, digest) == (damaged ? ["206", "200"] : ["206"]))
    }

    /// A layer minirun-unpack refuses while it downloads is left for the store to unpack from its
    /// blob (which refuses it too, and says why); nothing of it is kept.
    @Test func aRefusedLayerIsLeftToTheStore() async throws {
        let dir = try PullTests.fixtures.get()
        let made = Command.run("/usr/bin/python3", ["-c", """
            import io, sys, tarfile
            with tarfile.open(sys.argv[1], "w") as tar:
                entry = tarfile.TarInfo("../evil")
                entry.size = 4
                tar.addfile(entry, io.BytesIO(b"bad\\n"))
            """, dir + "/evil.tar"])
        try #require(made.code == 0, "\(made.err)")
        try TestRegistry.makeLayout(dir + "/evil", tag: "1", platforms: ["\(Platform.current.description)=\(dir)/small.tar,\(dir)/evil.tar"])
        let registry = try TestRegistry()
        defer { registry.stop() }
        try registry.push(layout: dir + "/evil", tag: "1", as: "evil:1")
        let root = PullTests.Root()
        try await pull("\(registry.address)/evil:1", root: root) { image, _ in
            #expect(image.layers[0].unpacked != nil)
            #expect(image.layers[1].unpacked == nil)
            let staged = stagings(root).flatMap { staging in
                ((try? FileManager.default.contentsOfDirectory(atPath: root.path + "/images/" + staging)) ?? []).filter { $0.hasPrefix("layer-") }
            }
            #expect(staged.count == 1, "\(staged)")
        }
    }
}
