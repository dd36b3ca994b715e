import Foundation
@testable import Runtime
import Testing

struct RemoveTreeTests {
    /// Files, empty and nested directories, a tree deeper than nftw kept descriptors for, and
    /// symlinks: all go, and what a symlink points to outside the tree stays.
    @Test func removesEverythingBeneathWithoutFollowingSymlinks() throws {
        let directory = try TemporaryDirectory()
        let tree = directory.path + "/tree"
        let outside = directory.path + "/outside"
        let files = FileManager.default
        try files.createDirectory(atPath: outside + "/kept", withIntermediateDirectories: true)
        try files.createDirectory(atPath: tree + "/upper/etc/empty", withIntermediateDirectories: true)
        let deep = tree + String(repeating: "/d", count: 100)
        try files.createDirectory(atPath: deep, withIntermediateDirectories: true)
        for file in [tree + "/container.json", tree + "/upper/etc/hosts", deep + "/leaf"] {
            try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        }
        try files.createSymbolicLink(atPath: tree + "/upper/link", withDestinationPath: outside)
        try files.createSymbolicLink(atPath: tree + "/dangling", withDestinationPath: "/nonexistent")

        try FileSystem.removeTree(tree)
        #expect(!files.fileExists(atPath: tree))
        #expect(files.fileExists(atPath: outside + "/kept"))
        try FileSystem.removeTree(tree)  // gone already: nothing to do
    }

    @Test func removesAFileOrASymlinkGivenAsTheTree() throws {
        let directory = try TemporaryDirectory()
        let file = directory.path + "/file"
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        try FileManager.default.createSymbolicLink(atPath: directory.path + "/link", withDestinationPath: directory.path)
        try FileSystem.removeTree(directory.path + "/link")
        try FileSystem.removeTree(file)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    /// A mount left inside (a container's volume, say) stops the removal: what it shows stays.
    @Test(.enabled(if: getuid() == 0, "needs root to mount"))
    func neverRemovesThroughAMountInside() throws {
        let directory = try TemporaryDirectory()
        let mountPoint = directory.path + "/tree/volume"
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        guard mount("tmpfs", mountPoint, "tmpfs", 0, nil) == 0 else { throw TestFailure("mount: \(errno)") }
        defer { umount2(mountPoint, Int32(MNT_DETACH)) }
        try Data("x".utf8).write(to: URL(fileURLWithPath: mountPoint + "/data"))

        #expect(throws: RuntimeError.self) { try FileSystem.removeTree(directory.path + "/tree") }
        #expect(FileManager.default.fileExists(atPath: mountPoint + "/data"))
    }
}
