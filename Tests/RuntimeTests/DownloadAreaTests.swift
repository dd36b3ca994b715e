import Foundation
import Glibc
import Testing
@testable import Runtime

/// The pulls' download area: what the end of a pull (`release`) and `image prune` (`prune`) remove,
/// and what they leave to a running pull.
struct DownloadAreaTests {
    static func digest(_ character: Character) -> String { "sha256:" + String(repeating: character, count: 64) }

    func put(_ path: String, bytes: Int) {
        FileManager.default.createFile(atPath: path, contents: Data(repeating: 1, count: bytes))
    }

    @Test func pruneKeepsWhatARunningPullHoldsAndRemovesTheRest() async throws {
        let directory = try TemporaryDirectory()
        let area = DownloadArea(root: StateRoot(data: directory.path, run: directory.path + "/run"))
        let (wanted, other, partial, downloading) = (Self.digest("a"), Self.digest("b"), Self.digest("c"), Self.digest("d"))
        let (staging, stagingLock) = try area.makeStaging(wanting: [wanted])
        put(area.blobPath(wanted), bytes: 10)
        put(area.blobPath(other), bytes: 20)
        put(area.partialPath(partial), bytes: 40)
        put(area.partialPath(downloading), bytes: 80)
        let abandoned = area.directory + "/.pull-0123456789abcdef"
        try FileManager.default.createDirectory(atPath: abandoned, withIntermediateDirectories: true)
        let downloadLock = try await area.lock(downloading) {}

        #expect(try area.prune() == 60)
        let left = try FileManager.default.contentsOfDirectory(atPath: area.directory).sorted()
        #expect(left == [URL(fileURLWithPath: staging).lastPathComponent, "sha256-" + String(repeating: "a", count: 64),
                         "sha256-" + String(repeating: "d", count: 64) + ".partial"])

        // The end of the pull: its staging directory goes, then what it wanted that no one else does.
        try FileManager.default.removeItem(atPath: staging)
        stagingLock.unlock()
        area.release([wanted])
        downloadLock.unlock()
        #expect(try FileManager.default.contentsOfDirectory(atPath: area.directory) == ["sha256-" + String(repeating: "d", count: 64) + ".partial"])
        #expect(try area.prune() == 80)
    }

    /// A pull's start removes staging directories no one holds, and keeps every blob.
    @Test func abandonedStagingGoesBlobsStay() throws {
        let directory = try TemporaryDirectory()
        let area = DownloadArea(root: StateRoot(data: directory.path, run: directory.path + "/run"))
        try FileManager.default.createDirectory(atPath: area.directory + "/.pull-0123456789abcdef", withIntermediateDirectories: true)
        put(area.blobPath(Self.digest("a")), bytes: 1)
        put(area.partialPath(Self.digest("b")), bytes: 1)
        let (live, lock) = try area.makeStaging(wanting: [])
        defer { lock.unlock() }
        try area.removeAbandonedStaging()
        #expect(try FileManager.default.contentsOfDirectory(atPath: area.directory).sorted() == [
            URL(fileURLWithPath: live).lastPathComponent, "sha256-" + String(repeating: "a", count: 64),
            "sha256-" + String(repeating: "b", count: 64) + ".partial",
        ].sorted())
    }
}
