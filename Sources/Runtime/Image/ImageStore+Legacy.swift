/// Images imported before the store was layered: images/<id>/rootfs, the unpacked tarball, with
/// <id> the tarball's sha256 and no config. They keep working as one-layer images with no config
/// (containers made from them included) until removed; `save` refuses them.
extension ImageStore {
    /// The rootfs of such an image relative to images/, nil when `id` is none.
    func legacyRootfs(_ id: String) -> String? {
        guard Digest.hex(Digest.prefix + id) != nil, FileSystem.isDirectory(root.images + "/" + id + "/rootfs") else { return nil }
        return id + "/rootfs"
    }

    /// Removes those no name and no container uses. With the store's lock held.
    func removeLegacyContent(kept: Set<String>) throws {
        for entry in FileSystem.list(root.images) where Digest.hex(Digest.prefix + entry) != nil && !kept.contains(entry) {
            try removeLayerDirectory(root.images + "/" + entry)
        }
    }
}
