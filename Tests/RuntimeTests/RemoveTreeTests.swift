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

    /// A tree far deeper than PATH_MAX allows a path for (a container can make one in its layer) and
    /// than the removal keeps descriptors open for: removed all the same, files at every level too.
    @Test func removesATreeDeeperThanAPathCanName() throws {
        let directory = try TemporaryDirectory()
        var fd = open(directory.path, O_RDONLY | O_DIRECTORY)
        try #require(fd >= 0)
        for level in 0..<3_000 {
            try #require(mkdirat(fd, "dd", 0o755) == 0, "mkdir at level \(level): \(errno)")
            if level % 500 == 1 {  // inside the tree, from its first directory on
                let file = openat(fd, "file", O_WRONLY | O_CREAT, 0o644)
                try #require(file >= 0)
                close(file)
            }
            let next = openat(fd, "dd", O_RDONLY | O_DIRECTORY)
            close(fd)
            fd = next
            try #require(fd >= 0, "open at level \(level): \(errno)")
        }
        close(fd)

        try FileSystem.removeTree(directory.path + "/dd")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
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
