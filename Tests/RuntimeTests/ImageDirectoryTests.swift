import Foundation
import Glibc
import Testing
@testable import Runtime

/// Filling a new volume from the image's directory (mr_copy_tree): what is kept, what is left out,
/// and that no symlink of the image is followed.
@Suite(.enabled(if: getuid() == 0, "needs root (chown)"))
struct ImageDirectoryTests {
    @Test func copiesOwnersModesTimesLinksAndFifosButNoDevices() throws {
        let directory = try TemporaryDirectory()
        let rootfs = directory.path + "/rootfs", volume = directory.path + "/volume"
        let data = rootfs + "/srv/data"
        try FileManager.default.createDirectory(atPath: data + "/deep/er", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: volume, withIntermediateDirectories: true)
        try "hello".write(toFile: data + "/deep/er/file", atomically: false, encoding: .utf8)
        #expect(chown(data + "/deep/er/file", 1000, 1001) == 0 && chmod(data + "/deep/er/file", 0o4750) == 0)
        var times = [timespec(tv_sec: 1_000_000_000, tv_nsec: 5), timespec(tv_sec: 1_000_000_000, tv_nsec: 5)]
        #expect(utimensat(AT_FDCWD, data + "/deep/er/file", &times, 0) == 0)
        #expect(symlink("/etc/shadow", data + "/escape") == 0)
        #expect(mkfifo(data + "/pipe", 0o640) == 0)
        #expect(mknod(data + "/null", S_IFCHR | 0o666, dev_t(0x103)) == 0)
        #expect(chown(data, 7, 8) == 0 && chmod(data, 0o710) == 0)

        try ImageDirectory.copy(rootfs: rootfs, path: "/srv/data", into: volume)
        var info = stat()
        #expect(stat(volume, &info) == 0 && info.st_uid == 7 && info.st_gid == 8 && info.st_mode & 0o7777 == 0o710)
        #expect(try String(contentsOfFile: volume + "/deep/er/file", encoding: .utf8) == "hello")
        #expect(stat(volume + "/deep/er/file", &info) == 0 && info.st_uid == 1000 && info.st_gid == 1001)
        #expect(info.st_mode & 0o7777 == 0o4750, "the setuid bit survives the chown")
        #expect(info.st_mtim.tv_sec == 1_000_000_000 && info.st_mtim.tv_nsec == 5)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: volume + "/escape") == "/etc/shadow")
        #expect(lstat(volume + "/pipe", &info) == 0 && info.st_mode & S_IFMT == S_IFIFO && info.st_mode & 0o777 == 0o640)
        #expect(lstat(volume + "/null", &info) != 0, "device nodes are left out")
    }

    @Test func aPathThroughASymlinkOfTheImageIsNotFollowed() throws {
        let directory = try TemporaryDirectory()
        let rootfs = directory.path + "/rootfs", volume = directory.path + "/volume", outside = directory.path + "/outside"
        try FileManager.default.createDirectory(atPath: rootfs, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: volume, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try "secret".write(toFile: outside + "/file", atomically: false, encoding: .utf8)
        #expect(symlink(outside, rootfs + "/link") == 0)
        try ImageDirectory.copy(rootfs: rootfs, path: "/link", into: volume)
        try ImageDirectory.copy(rootfs: rootfs, path: "/../outside", into: volume)
        #expect(try FileManager.default.contentsOfDirectory(atPath: volume).isEmpty)
    }
}
