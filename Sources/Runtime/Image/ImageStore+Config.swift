/// An image's config (OCIImageConfig): in this store a file beside the unpacked rootfs,
/// images/<id>/config.json. Only these functions know where it is kept.
extension ImageStore {
    func configPath(of id: String) -> String { root.images + "/" + id + "/config.json" }

    /// The config of image `id`. An image imported before configs were kept has none: it reads as
    /// an empty config for this machine, as `import` without `--change` makes.
    public func config(of id: String) throws -> OCIImageConfig {
        guard let bytes = try FileSystem.read(configPath(of: id)) else {
            let platform = ImagePlatform.current
            return OCIImageConfig(architecture: platform.architecture, os: platform.os, variant: platform.variant, rootfs: .init(diffIDs: []))
        }
        do {
            return try StateJSON.decode(OCIImageConfig.self, from: bytes)
        } catch {
            throw RuntimeError(.damaged, "the config of image \(Identifiers.short(id)) (\(configPath(of: id))) is damaged", cause: error)
        }
    }

    /// Written under the store's lock, once the image's directory is in place. The same tarball
    /// imported again (the same ID here) takes the config of the later import.
    func writeConfig(_ config: OCIImageConfig, of id: String) throws {
        try FileSystem.writeAtomically(configPath(of: id), try StateJSON.encode(config, indented: true))
    }
}
