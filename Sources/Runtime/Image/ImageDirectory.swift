import CRuntimeShims
import Glibc

/// A directory of an unpacked image, looked up inside the image only: no symlink of the image is
/// followed (one could point anywhere on the host), so a path through one is not found.
enum ImageDirectory {
    /// Fills the empty directory `destination` as Docker fills a new volume: with the owner, mode and
    /// contents of directory `path` of the image unpacked at `rootfs` (see mr_copy_tree). Nothing
    /// happens when the image has no directory there (or only through a symlink): false then.
    @discardableResult
    static func copy(rootfs: String, path: String, into destination: String) throws -> Bool {
        guard let source = open(rootfs: rootfs, path: path) else { return false }
        defer { close(source) }
        var info = stat()
        guard fstat(source, &info) == 0 else { throw RuntimeError.system("stat \(rootfs)\(path)") }
        guard chown(destination, info.st_uid, info.st_gid) == 0, chmod(destination, info.st_mode & 0o7777) == 0 else {
            throw RuntimeError.system("chown \(destination)")
        }
        let target = Glibc.open(destination, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard target >= 0 else { throw RuntimeError.system("open \(destination)") }
        defer { close(target) }
        let rc = mr_copy_tree(source, target)
        if rc != 0 { throw RuntimeError.system("copy \(rootfs)\(path) to \(destination)", -rc) }
        return true
    }

    /// The layer directory (of `layers`, top layer first) whose directory at `path` containers see:
    /// the top one that has something there, when that is a directory; nil when the top one has a
    /// file or a whiteout there, or none has anything. (What lower layers put in that directory is
    /// not merged in.)
    static func layer(showing path: String, in layers: [String]) -> String? {
        for layer in layers {
            var info = stat()
            guard lstat(layer + path, &info) == 0 else { continue }
            return info.st_mode & S_IFMT == S_IFDIR ? layer : nil
        }
        return nil
    }

    /// An fd of directory `path` of the image, or nil.
    private static func open(rootfs: String, path: String) -> Int32? {
        var fd = Glibc.open(rootfs, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        for component in path.split(separator: "/") where component != "." {
            let next = component == ".." ? -1 : openat(fd, String(component), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            close(fd)
            guard next >= 0 else { return nil }
            fd = next
        }
        return fd
    }
}
