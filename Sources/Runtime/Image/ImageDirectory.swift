import Glibc

/// A directory of an unpacked image, looked up inside the image only: no symlink of the image is
/// followed (one could point anywhere on the host), so a path through one is not found.
enum ImageDirectory {
    /// The owner and mode of directory `path` of the image unpacked at `rootfs`; nil when it is not
    /// a directory reached without symlinks.
    static func attributes(rootfs: String, path: String) -> (uid: uid_t, gid: gid_t, mode: mode_t)? {
        var fd = open(rootfs, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        for component in path.split(separator: "/") where component != "." {
            let next = component == ".." ? -1 : openat(fd, String(component), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            close(fd)
            guard next >= 0 else { return nil }
            fd = next
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        return (info.st_uid, info.st_gid, info.st_mode & 0o7777)
    }
}
