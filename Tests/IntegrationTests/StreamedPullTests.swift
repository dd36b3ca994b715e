import Foundation
import Testing
import TestSupport

/// `pull` unpacks each layer while it downloads, into a staging directory of the image store: a
/// layer shows up there before its download ends, and it becomes a layer of the store only once
/// its blob's digest and its diff_id checked out. A killed pull, a layer whose diff_id is not the
/// config's, a layer minirun-unpack refuses: nothing of them looks complete, and nothing stays.
@Suite(.enabled(if: isRoot, "needs root"), .needsRegistry, .serialized)
struct StreamedPullTests {
    func entries(_ path: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
    }

    func stagings(_ box: Sandbox) -> [String] {
        entries(box.root + "/images").filter { $0.hasPrefix(".staging-") }
    }

    /// Files named `name` in the diff/ of a layer directory being unpacked, with their sizes.
    func unpackedSizes(_ box: Sandbox, _ name: String) -> [Int] {
        stagings(box).flatMap { staging in
            entries(box.root + "/images/" + staging).filter { $0.hasPrefix("layer-") }.compactMap { layer in
                try? FileManager.default.attributesOfItem(atPath: "\(box.root)/images/\(staging)/\(layer)/diff/\(name)")[.size] as? Int
            }
        }
    }

    /// Nothing of a failed or killed pull looks complete: no layer, no image.
    func expectNoLayerAndNoImage(_ box: Sandbox) {
        #expect(entries(box.root + "/images/layers") == [])
        #expect(box.run(["images", "-q"]).out == "")
    }

    @Test func aLayerIsUnpackedWhileItDownloadsAndAKilledPullLeavesNothingComplete() throws {
        let misbehaving = try MisbehavingRegistry()
        defer { misbehaving.stop() }
        let box = try Sandbox(importBusybox: false)
        defer { box.finish() }
        let name = "\(misbehaving.address)/slow:1"
        let pull = try box.start(["pull", name])
        // The slow layer's one file ("hello", 4 MiB) has bytes in the layer directory while its blob is partial.
        let streaming = eventually(10) {
            unpackedSizes(box, "hello").contains { $0 > 0 } && entries(box.root + "/downloads").contains { $0.hasSuffix(".partial") }
        }
        kill(pull.processIdentifier, SIGKILL)
        pull.waitUntilExit()
        #expect(streaming, "no layer was unpacked while it downloaded: \(stagings(box))")
        expectNoLayerAndNoImage(box)

        let again = box.run(["pull", name])
        #expect(again.code == 0, "\(again.err)")
        #expect(entries(box.root + "/images/layers").count == 1)
        #expect(stagings(box) == [], "the killed pull's staging directory is gone, and the pull's own")
        #expect(entries(box.root + "/downloads") == [])
    }

    @Test func aLayerWhoseDiffIDIsNotTheConfigsLeavesNothing() throws {
        let misbehaving = try MisbehavingRegistry()
        defer { misbehaving.stop() }
        let box = try Sandbox(importBusybox: false)
        defer { box.finish() }
        let pulled = box.run(["pull", "\(misbehaving.address)/wrongdiff:1"])
        #expect(pulled.code == 125)
        let zeros = "sha256:" + String(repeating: "0", count: 64)
        #expect(pulled.err.hasPrefix("minirun: layer sha256:") && pulled.err.hasSuffix(", but the image's config says \(zeros)\n"), "\(pulled.err)")
        #expect(pulled.err.split(separator: "\n").count == 1)
        expectNoLayerAndNoImage(box)
        #expect(stagings(box) == [])
        #expect(entries(box.root + "/downloads") == [])
    }

    @Test func aLayerTheUnpackerRefusesFailsThePullAndLeavesNothing() throws {
        let dir = "/var/tmp/minirun-streamed-pull-\(getpid())"
        defer { _ = Command.shell("rm -rf \(dir)") }
        let made = Command.shell("""
            set -e; mkdir -p \(dir)
            python3 -c 'import io, tarfile
            with tarfile.open("\(dir)/evil.tar", "w") as tar:
                entry = tarfile.TarInfo("../evil"); entry.size = 4; tar.addfile(entry, io.BytesIO(b"bad\\n"))'
            """)
        try #require(made.code == 0, "\(made.err)")
        let host = TestRegistry.hostPlatform
        try TestRegistry.makeLayout(dir + "/evil", tag: "1", platforms: ["\(host)=\(dir)/evil.tar"])
        let registry = try TestRegistry()
        defer { registry.stop() }
        try registry.push(layout: dir + "/evil", tag: "1", as: "evil:1")
        let box = try Sandbox(importBusybox: false)
        defer { box.finish() }
        let pulled = box.run(["pull", "\(registry.address)/evil:1"])
        #expect(pulled.code == 125)
        #expect(pulled.err == "minirun: refusing \"../evil\": path contains '..'\n")
        expectNoLayerAndNoImage(box)
        #expect(stagings(box) == [])
        #expect(entries(box.root + "/downloads") == [])
    }
}
