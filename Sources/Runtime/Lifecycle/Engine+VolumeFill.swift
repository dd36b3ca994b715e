import Glibc

extension Engine {
    /// Fills an empty named volume with what the image has at the path it is mounted on, as Docker
    /// does when a container is made with it (`-v data:/etc` shows the image's /etc, and the volume
    /// keeps it): the files, and the directory's owner and mode. A volume with anything in it, or
    /// mounted `:nocopy`, is left as it is. The copy is made beside the volume and moved in under the
    /// volume's lock, so two containers starting with it fill it once, and a start killed during the
    /// copy leaves it empty (the next first start fills it).
    func fillFromImage(_ volume: VolumeMount, data path: String, imageID: String) throws {
        guard !volume.noCopy, FileSystem.list(path).isEmpty,
              let layer = ImageDirectory.layer(showing: volume.target, in: images.layerDirectories(of: imageID))
        else { return }
        let directory = volumeDirectory(named: volume.source)
        guard let lock = try FileLock.onDirectory(directory) else { return }
        defer { lock.unlock() }
        guard FileSystem.list(path).isEmpty else { return }
        let filling = directory + "/_data.fill"
        try? FileSystem.removeTree(filling)  // what a killed start left
        try FileSystem.makeDirectories(filling, mode: 0o755)
        defer { try? FileSystem.removeTree(filling) }
        guard try ImageDirectory.copy(rootfs: layer, path: volume.target, into: filling) else { return }
        var info = stat()
        guard stat(filling, &info) == 0, chown(path, info.st_uid, info.st_gid) == 0, chmod(path, info.st_mode & 0o7777) == 0 else {
            throw RuntimeError.system("chown \(path)")
        }
        for name in FileSystem.list(filling) where rename(filling + "/" + name, path + "/" + name) != 0 {
            throw RuntimeError.system("rename \(filling)/\(name)")
        }
        explainer.note("the volume \(volume.source) was empty: filled with what the image has at \(volume.target), as Docker fills it")
        explainer.command("cp -a \(layer)\(volume.target)/. \(path)/")
    }
}
