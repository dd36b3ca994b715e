import Foundation
@testable import Runtime
import Testing

/// `writeAtomically` on a full disk: new content that fits in the blocks the file holds is written
/// over it in place; anything else fails with the file untouched and no temporary file left.
@Suite(.enabled(if: getuid() == 0, "needs root to mount a tmpfs"))
struct FullDiskWriteTests {
    @Test func aRecordIsRewrittenInItsOwnBlocksOnAFullDisk() throws {
        let directory = try TemporaryDirectory()
        #expect(mount("tmpfs", directory.path, "tmpfs", 0, "size=64k") == 0)
        defer { umount(directory.path) }
        let record = directory.path + "/container.json"
        try FileSystem.writeAtomically(record, Array(repeating: UInt8(ascii: "a"), count: 3000))
        let filler = open(directory.path + "/fill", O_WRONLY | O_CREAT, 0o600)
        let block = [UInt8](repeating: 0, count: 4096)
        while write(filler, block, block.count) > 0 {}
        #expect(errno == ENOSPC)
        close(filler)

        let shorter = Array("{\"state\":\"exited\"}".utf8)
        try FileSystem.writeAtomically(record, shorter)
        #expect(try FileSystem.read(record) == shorter)
        let longer = [UInt8](repeating: UInt8(ascii: "b"), count: 5000)  // a second block, which there is not
        #expect(throws: RuntimeError.self) { try FileSystem.writeAtomically(record, longer) }
        #expect(try FileSystem.read(record) == shorter)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["container.json", "fill"])
    }
}
