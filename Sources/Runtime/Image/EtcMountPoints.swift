import Glibc

/// Empty /etc/hostname, /etc/hosts and /etc/resolv.conf in an imported rootfs, where each container
/// gets its own bind-mounted: Docker's "init layer" keeps such mount points. Made at every start
/// instead, they were created in the container's writable layer, with a copy of /etc, and removed
/// again: about 0.3 ms of each start. Only ever inside a real /etc directory of the rootfs, never
/// through a symlink of the image; what the image has is left as it is (the start makes what is
/// missing inside the container, as before).
enum EtcMountPoints {
    static func add(to rootfs: String) {
        let etc = open(rootfs + "/etc", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard etc >= 0 else { return }
        defer { close(etc) }
        for name in EtcFiles.fileNames {
            let fd = openat(etc, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            if fd >= 0 { close(fd) }
        }
    }
}
