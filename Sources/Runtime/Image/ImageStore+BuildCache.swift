import Glibc
import JSONCodec

/// The build cache: each step of a `build` is an image of its own, named by no tag but kept under
/// the step's cache key (its parent, its instruction, the build args and files it used) in
/// images/build-cache.json, so that an unchanged step is found again and not run. What the cache
/// keeps is kept from removal like a named image; `system reset` empties it with the store.
extension ImageStore {
    var buildCachePath: String { root.images + "/build-cache.json" }

    /// Cache key -> image ID.
    func buildCache() -> [String: String] {
        guard let bytes = try? FileSystem.read(buildCachePath) else { return [:] }
        return (try? StateJSON.decode([String: String].self, from: bytes)) ?? [:]
    }

    /// The images of the build steps the cache keeps.
    public func buildCacheImages() -> Set<String> {
        Set(buildCache().values)
    }

    /// Forgets every build step (`system reset`); their images go with the next removal of unused content.
    public func emptyBuildCache() throws {
        try FileLock.with(lockPath) { FileSystem.remove(buildCachePath) }
    }

    /// The image a step of that key made, when it is still complete.
    public func cachedStep(_ key: String) -> String? {
        guard let id = buildCache()[key], (try? content(of: id)) ?? nil != nil else { return nil }
        return id
    }

    /// Stores a build step's image: its config, the layers of its parent and, when the step
    /// changed files, one more: its tar (a file under the store's directory, moved in) and its
    /// directory, moved in too when the step made it (else extracted from the tar). Recorded in the
    /// build cache under `key` (`commit` has none); returns the image ID.
    public func addBuiltStep(
        config: OCIImageConfig, parentLayers: [ImageContent.Layer], layer: BuiltLayer?, key: String?,
        inUse: Set<String>
    ) throws -> (id: String, layers: [ImageContent.Layer]) {
        var layers = parentLayers
        let record = try staged(inUse: inUse) { staging in
            if let layer {
                layers.append(try storeLayer(.blob(layer.incoming), diffID: layer.diffID, below: parentLayers.last?.chainID, staging: staging))
            }
            let configBytes = try Self.sortedJSON(config)
            return try FileLock.with(lockPath) {
                let configDigest = try storeBlob(configBytes)
                let id = Digest.hex(configDigest)!
                let content = ImageContent(
                    config: OCIDescriptor(mediaType: MediaType.ociConfig, digest: configDigest, size: Int64(configBytes.count)), layers: layers)
                try FileSystem.writeAtomically(contentPath(id), try StateJSON.encode(content))
                if let key {
                    var cache = buildCache()
                    cache[key] = id
                    try FileSystem.writeAtomically(buildCachePath, try StateJSON.encode(cache))
                }
                return ImageRecord(repository: ImageRecord.none, tag: ImageRecord.none, id: id, created: .now(), size: 0)
            }
        }
        return (record.id, layers)
    }

    /// JSON with every map's keys sorted: a built config is the same bytes, and so the same image ID,
    /// whichever process wrote it.
    static func sortedJSON(_ value: some Encodable) throws -> [UInt8] {
        try GoJSON.bytes(try JSONValue(encoding: value, sortingMaps: true), indent: nil)
    }

    /// The layers of an image: what a build step on it starts from.
    public func layers(of id: String) throws -> [ImageContent.Layer] {
        guard let content = try content(of: id) else { throw RuntimeError(.notFound, "image \(Identifiers.short(id)) is gone") }
        return content.layers
    }

    /// Gives a built image its names (`build -t`), or lists it as <none>:<none> when it has none.
    public func nameBuilt(_ id: String, names: [ImageReference]) throws {
        try FileLock.with(lockPath) {
            let layers = try layers(of: id)
            var images = try list()
            let size = layers.reduce(0) { $0 + $1.size }
            for reference in names.isEmpty ? [nil] : names.map(Optional.some) {
                name(id, reference, size: size, images: &images)
            }
            try writeIndex(images)
        }
    }

    /// The top layer directories of an image, top first, absolute: where a build reads the image's
    /// files (see LayeredTree).
    public func layerPaths(of id: String) -> [String] {
        layerDirectories(of: id)
    }
}
