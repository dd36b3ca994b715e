import Foundation
import Runtime
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A layer unpacked as its bytes arrive (what a pull does while it downloads): minirun-unpack reads
/// them from a socket, in whatever pieces they come, and says at the end what it read.
@Suite("ImageArchive: streamed layers", .enabled(if: getuid() == 0, "layers keep their owners: root only"))
struct StreamedLayerExtractionTests {
    /// A state root of the test's own, with an image store staging directory.
    final class Store {
        let path = "/var/tmp/minirun-streamed-\(UUID().uuidString.prefix(8))"
        let staging: ImageStaging

        init() throws {
            staging = try ImageStore(root: StateRoot(data: path, run: path + "/run")).makeStaging()
        }

        deinit {
            staging.finish()
            try? FileManager.default.removeItem(atPath: path)
        }

        var layerDirectories: [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: staging.path)) ?? []).filter { $0.hasPrefix("layer-") }
        }
    }

    /// Writes `bytes` in pieces of `piece` bytes: what a download hands over.
    func feed(_ extraction: StreamedLayerExtraction, _ bytes: [UInt8], piece: Int) {
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + piece)
            bytes[start..<end].withUnsafeBytes { _ = extraction.write($0) }
            start = end
        }
    }

    @Test(arguments: [1, 1000, 1 << 20])
    func aLayerFedInPiecesIsUnpackedWithItsDigests(piece: Int) async throws {
        let store = try Store()
        let tar = TarWriter.archive([.directory("etc"), .file("etc/greeting", "hello\n"), .file("big", String(repeating: "x", count: 300_000))])
        let blob = try gzip(tar)
        let extraction = try StreamedLayerExtraction(in: store.staging)
        feed(extraction, blob, piece: piece)
        #expect(!extraction.stopped)
        let unpacked = try await extraction.finish()
        #expect(unpacked.directory == extraction.directory)
        #expect(unpacked.directory.hasPrefix(store.staging.path + "/layer-"))
        #expect(unpacked.extracted.digest == digest(blob))
        #expect(unpacked.extracted.diffID == digest(tar))
        #expect(unpacked.extracted.unpackedBytes == 300_006)
        #expect(try String(contentsOfFile: unpacked.directory + "/diff/etc/greeting", encoding: .utf8) == "hello\n")
    }

    /// An entry minirun-unpack refuses stops it: the writes after it fail (without a SIGPIPE that
    /// would end this process), `finish` says why, and nothing it extracted stays.
    @Test func aRefusedEntryStopsTheExtractionAndLeavesNothing() async throws {
        let store = try Store()
        let tar = TarWriter.archive([.file("ok", "fine\n"), .file("../evil", "bad\n"), .file("after", String(repeating: "y", count: 4 << 20))])
        let extraction = try StreamedLayerExtraction(in: store.staging)
        feed(extraction, tar, piece: 64 << 10)
        #expect(extraction.stopped)
        await #expect(throws: ImageArchive.Error.refused(#"refusing "../evil": path contains '..'"#)) {
            _ = try await extraction.finish()
        }
        #expect(store.layerDirectories == [])
    }

    /// An extraction given up halfway (a download that failed) ends, and its directory goes.
    @Test func anAbandonedExtractionLeavesNothing() async throws {
        let store = try Store()
        let tar = TarWriter.archive([.file("half", String(repeating: "z", count: 1 << 20))])
        let extraction = try StreamedLayerExtraction(in: store.staging)
        feed(extraction, Array(tar.prefix(tar.count / 2)), piece: 4096)
        #expect(store.layerDirectories.count == 1)
        await extraction.abandon()
        #expect(store.layerDirectories == [])
    }

    func digest(_ bytes: [UInt8]) -> String {
        let path = NSTemporaryDirectory() + "/minirun-digest-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return "sha256:" + String(run("/usr/bin/sha256sum", [path]).prefix(64))
    }

    func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        let path = NSTemporaryDirectory() + "/minirun-gzip-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path + ".gz") }
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        _ = run("/bin/gzip", ["-n", path])
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path + ".gz")))
    }

    func run(_ tool: String, _ arguments: [String]) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try? process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
