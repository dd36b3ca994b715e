/// Adding images: every way in (load, pull, import) ends here. Layers are unpacked in the add's
/// staging directory, outside the store's lock; only renaming them into place and naming the image
/// take it.
extension ImageStore {
    /// An image an add stored: the entry of its first name, and the ID each of its names moved off
    /// (the image it named before, left untagged if that was its last name).
    public struct AddedImage: Sendable {
        public var record: ImageRecord
        public var replaced: [ImageReference: String]
    }

    /// Takes in an image read from a tarball, a layout or a registry: unpacks each layer the store
    /// does not have yet (checking each blob's digest and each layer's diff_id against the config's
    /// rootfs.diff_ids), keeps its blobs, writes its content record and gives it its names (or
    /// lists it as <none>:<none>). Layer files under the store's directory (a staging directory
    /// from `makeStaging`) are moved into the store, others copied. `inUse` holds the image
    /// IDs containers use: their content stays even when no name is left on them (Engine.addImage
    /// passes it).
    public func add(_ image: IncomingImage, inUse: Set<String>) throws -> AddedImage {
        let config: OCIImageConfig
        do {
            config = try StateJSON.decode(OCIImageConfig.self, from: image.configBytes)
        } catch {
            throw RuntimeError(.invalidArgument, "invalid image config", cause: error)
        }
        let diffIDs = config.rootfs.diffIDs
        guard diffIDs.count == image.layers.count else {
            throw RuntimeError(.invalidArgument, "the image's config lists \(diffIDs.count) layers, its manifest \(image.layers.count)")
        }
        if let bad = diffIDs.first(where: { Digest.hex($0) == nil }) {
            throw RuntimeError(.invalidArgument, "invalid diff_id in the image's config: \(Identifiers.printable(bad))")
        }
        for layer in image.layers {
            guard MediaType.layers.contains(layer.mediaType) else {
                throw RuntimeError(.invalidArgument, "unsupported layer media type \(Identifiers.printable(layer.mediaType))")
            }
            guard Digest.hex(layer.digest) != nil else {
                throw RuntimeError(.invalidArgument, "invalid layer digest \(Identifiers.printable(layer.digest))")
            }
        }
        return try staged(inUse: inUse) { staging in
            var stored: [ImageContent.Layer] = []
            for (layer, diffID) in zip(image.layers, diffIDs) {
                stored.append(try storeLayer(.blob(layer), diffID: diffID, below: stored.last?.chainID, staging: staging))
            }
            return try commit(
                configBytes: image.configBytes, layers: stored, names: image.names, manifestDigest: image.manifestDigest,
                digestRepository: image.digestRepository, inUse: inUse)
        }
    }

    /// `image import`: unpacks a rootfs tarball read from `fd` (plain, gzip, xz, bzip2 or zstd) as
    /// a one-layer image with the config `settings` make (this machine's platform, the `--change`
    /// instructions, the layer's diff_id, one history entry). The layer's blob is the uncompressed
    /// tar, whatever compression came.
    public func importTarball(
        fd: Int32, reference: ImageReference, allowDevices: Bool = false, inUse: Set<String>,
        settings: ImportedImageConfig = ImportedImageConfig()
    ) throws -> ImageRecord {
        try staged(inUse: inUse) { staging in
            let layer = try storeLayer(.imported(fd: fd, allowDevices: allowDevices), diffID: nil, below: nil, staging: staging)
            let config = try settings.make(diffIDs: [layer.diffID])
            return try commit(configBytes: try StateJSON.encode(config), layers: [layer], names: [reference], inUse: inUse).record
        }
    }

    /// Runs an add with a staging directory of its own, removed at the end; when the add fails,
    /// what it stored that no image uses goes too.
    func staged<Added>(inUse: Set<String>, _ body: (ImageStaging) throws -> Added) throws -> Added {
        let staging = try makeStaging()
        do {
            let added = try body(staging)
            staging.finish()
            return added
        } catch {
            staging.finish()
            try? FileLock.with(lockPath) { try removeUnreferencedContent(try list(), inUse: inUse) }
            throw error
        }
    }

    /// Stores the config blob and the content record (from then on the image is complete) and
    /// names the image (recording the manifest digest it came with), under the store's lock.
    func commit(
        configBytes: [UInt8], layers: [ImageContent.Layer], names: [ImageReference], manifestDigest: String? = nil,
        digestRepository: String? = nil, inUse: Set<String>
    ) throws -> AddedImage {
        try FileLock.with(lockPath) {
            try commitLocked(
                configBytes: configBytes, layers: layers, names: names, manifestDigest: manifestDigest, digestRepository: digestRepository,
                inUse: inUse)
        }
    }

    private func commitLocked(
        configBytes: [UInt8], layers: [ImageContent.Layer], names: [ImageReference], manifestDigest: String?, digestRepository: String?,
        inUse: Set<String>
    ) throws -> AddedImage {
        let configDigest = try storeBlob(configBytes)
        let id = Digest.hex(configDigest)!
        let content = ImageContent(
            config: OCIDescriptor(mediaType: MediaType.ociConfig, digest: configDigest, size: Int64(configBytes.count)), layers: layers)
        try FileSystem.writeAtomically(contentPath(id), try StateJSON.encode(content))
        var images = try list()
        let size = layers.reduce(0) { $0 + $1.size }
        let digest = manifestDigest.flatMap { Digest.hex($0) != nil ? $0 : nil }
        if names.isEmpty, let digestRepository, let digest {
            name(id, repository: digestRepository, digest: digest, size: size, images: &images)
        }
        var replaced: [ImageReference: String] = [:]
        for reference in names.isEmpty ? [nil] : names.map(Optional.some) {
            let previous = name(id, reference, size: size, digest: digest, images: &images)
            if let reference, let previous { replaced[reference] = previous }
        }
        try writeIndex(images)
        try removeUnreferencedContent(images, inUse: inUse)
        return AddedImage(record: images.first { $0.id == id && (names.isEmpty || $0.reference == names[0]) }!, replaced: replaced)
    }
}
