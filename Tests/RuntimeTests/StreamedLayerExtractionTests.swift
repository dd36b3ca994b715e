import Foundation
import Runtime
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A layer unpacked as its blob is written (what a pull does while it downloads): minirun-unpack
/// follows the file, in whatever pieces it grows, and says at the end what it read.
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

    /// A blob file that grows as a download writes it.
    final class Blob {
        let path = "/var/tmp/minirun-streamed-blob-\(UUID().uuidString.prefix(8))"
        let fd: Int32

        init() {
            fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0o600)
        }

        deinit {
            close(fd)
            unlink(path)
        }

        /// Appends `bytes` in pieces of `piece` bytes, telling `extraction` after each: what a download does.
        func append(_ bytes: some Collection<UInt8>, piece: Int, for extraction: StreamedLayerExtraction) {
            let bytes = Array(bytes)
            var start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + piece)
                let written = bytes[start..<end].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                #expect(written == end - start)
                extraction.wrote()
                start = end
            }
        }
    }

    @Test(arguments: [1, 1000, 1 << 20])
    func aLayerWrittenInPiecesIsUnpackedWithItsDigests(piece: Int) async throws {
        let store = try Store()
        let blobFile = Blob()
        let tar = TarWriter.archive([.directory("etc"), .file("etc/greeting", "hello\n"), .file("big", String(repeating: "x", count: 300_000))])
        let blob = try gzip(tar)
        let extraction = try StreamedLayerExtraction(in: store.staging, following: blobFile.path)
        blobFile.append(blob, piece: piece, for: extraction)
        #expect(!extraction.stopped)
        let unpacked = try await extraction.finish()
        #expect(unpacked.directory == extraction.directory)
        #expect(unpacked.directory.hasPrefix(store.staging.path + "/layer-"))
        #expect(unpacked.extracted.digest == digest(blob))
        #expect(unpacked.extracted.diffID == digest(tar))
        #expect(unpacked.extracted.unpackedBytes == 300_006)
        #expect(try String(contentsOfFile: unpacked.directory + "/diff/etc/greeting", encoding: .utf8) == "hello\n")
    }

    /// minirun-unpack reads what the file holds when it starts (a download continued) and waits at
    /// the end of what is written so far until it hears of more: a blob whose second half comes
    /// late is whole.
    @Test func theExtractionWaitsForTheRestOfTheBlob() async throws {
        let store = try Store()
        let blobFile = Blob()
        let tar = TarWriter.archive([.file("first", String(repeating: "a", count: 200_000)), .file("second", "b\n")])
        let blob = try gzip(tar)
        let half = blob.count / 2
        #expect(blob.prefix(half).withUnsafeBytes { write(blobFile.fd, $0.baseAddress, $0.count) } == half)
        let extraction = try StreamedLayerExtraction(in: store.staging, following: blobFile.path)
        try await Task.sleep(for: .milliseconds(200))  // it reads the first half, then waits
        blobFile.append(blob[half...], piece: 100, for: extraction)
        let unpacked = try await extraction.finish()
        #expect(unpacked.extracted.digest == digest(blob))
        #expect(unpacked.extracted.diffID == digest(tar))
        #expect(try String(contentsOfFile: unpacked.directory + "/diff/second", encoding: .utf8) == "b\n")
    }

    /// An entry minirun-unpack refuses stops it: the words after it fail (without a SIGPIPE that
    /// would end this process), `finish` says why, and nothing it extracted stays.
    @Test func aRefusedEntryStopsTheExtractionAndLeavesNothing() async throws {
        let store = try Store()
        let blobFile = Blob()
        let tar = TarWriter.archive([.file("ok", "fine\n"), .file("../evil", "bad\n"), .file("after", String(repeating: "y", count: 4 << 20))])
        let extraction = try StreamedLayerExtraction(in: store.staging, following: blobFile.path)
        blobFile.append(tar, piece: 64 << 10, for: extraction)
        // It stops at "../evil" whenever it gets there; a word then finds it gone.
        let deadline = ContinuousClock.now + .seconds(20)
        while extraction.wrote() && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        #expect(extraction.stopped)
        await #expect(throws: ImageArchive.Error.refused(#"refusing "../evil": path contains '..'"#)) {
            _ = try await extraction.finish()
        }
        #expect(store.layerDirectories == [])
    }

    /// An extraction given up halfway (a download that failed) ends, and its directory goes.
    @Test func anAbandonedExtractionLeavesNothing() async throws {
        let store = try Store()
        let blobFile = Blob()
        let tar = TarWriter.archive([.file("half", String(repeating: "z", count: 1 << 20))])
        let extraction = try StreamedLayerExtraction(in: store.staging, following: blobFile.path)
        blobFile.append(tar.prefix(tar.count / 2), piece: 4096, for: extraction)
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
