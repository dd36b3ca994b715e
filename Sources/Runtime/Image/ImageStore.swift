import CRuntimeShims
import Glibc

/// The image store, content-addressed after the OCI image-spec, under images/:
///
///     index.json              names (REPOSITORY:TAG) -> image IDs; an untagged image is <none>:<none>
///     blobs/sha256/<hex>      config blobs, and layer blobs exactly as they came (compressed or not:
///                             a load or pull keeps what it got, an import its uncompressed tar) -
///                             kept so that `save` writes every layer byte for byte and the image ID
///                             and diff_ids survive a save and a load
///     diffids/<hex>           the diff_id a stored layer blob was found to have when it was unpacked
///     layers/<chain>/diff     a layer unpacked once, shared by every image that has it (by chain ID)
///     layers/<chain>/link     its short name: l/<link> is a symlink to its diff directory
///     content/<id>.json       an image's config and layers (ImageContent): written last, so an image
///                             whose content file exists is complete
///
/// An image ID is the sha256 of its config blob, as Docker shows it. A container's root filesystem
/// is an overlay of its image's layer directories (by their l/ names, which keep 128 layers within
/// the one page overlay's options may take) plus its own upper directory.
///
/// Every change of what is in place happens under images/lock. An add (import, load, pull) unpacks
/// into a staging directory of its own (images/.staging-*, see ImageStaging) without that lock, each
/// layer under a lock of the layer's, so that two adds of images sharing a layer store it once, and
/// takes the store's lock only to rename what it made into place and to name the image. Nothing is
/// made where it will stay: a killed add leaves nothing that looks complete, and the next add or
/// removal deletes what it left (its staging directory, whose lock no one holds any more) and
/// anything no image, container or add under way uses.
public struct ImageStore: Sendable {
    public let root: StateRoot

    public init(root: StateRoot) {
        self.root = root
    }

    var indexPath: String { root.images + "/index.json" }
    var lockPath: String { root.images + "/lock" }
    var blobs: String { root.images + "/blobs/sha256" }
    var diffIDs: String { root.images + "/diffids" }
    var layers: String { root.images + "/layers" }
    var links: String { root.images + "/l" }
    var contents: String { root.images + "/content" }

    func blobPath(_ digest: String) -> String? { Digest.hex(digest).map { blobs + "/" + $0 } }
    func contentPath(_ id: String) -> String { contents + "/" + id + ".json" }

    public func list() throws -> [ImageRecord] {
        guard let bytes = try FileSystem.read(indexPath) else { return [] }
        do {
            return try StateJSON.decode([ImageRecord].self, from: bytes)
        } catch {
            throw RuntimeError(.damaged, "image index \(indexPath) is damaged", cause: error)
        }
    }

    /// A name[:tag], NAME@DIGEST (the manifest digest a load or pull recorded), or an ID (or unique
    /// ID prefix, optionally "sha256:"-prefixed).
    public func resolve(_ reference: String) throws -> ImageRecord {
        let images = try list()
        if let (repository, digest) = Self.digestReference(reference) {
            if let match = images.first(where: { $0.repository == repository && $0.digest == digest }) { return match }
        } else if let parsed = try? ImageReference(parsing: reference),
           let match = images.first(where: { $0.repository == parsed.repository && $0.tag == parsed.tag }) {
            return match
        } else if let id = Self.idPrefixMatch(reference, in: images) {
            return images.first { $0.id == id }!
        }
        // A complete image no name lists (a build step's): by its full ID.
        let fullID = reference.hasPrefix("sha256:") ? String(reference.dropFirst(7)) : reference
        if fullID.count == 64, (try? content(of: fullID)) ?? nil != nil {
            return ImageRecord(repository: ImageRecord.none, tag: ImageRecord.none, id: fullID, created: .now(), size: 0)
        }
        throw Self.noSuchImage(reference)
    }

    /// Docker's "No such image: busybox:latest": a name as Docker normalizes it (":latest" added),
    /// anything else (an ID, NAME@DIGEST) as given.
    static func noSuchImage(_ reference: String) -> RuntimeError {
        RuntimeError.notFound("image", Identifiers.printable(normalized(reference)))
    }

    /// NAME[:TAG] with its tag ("busybox" is "busybox:latest"); anything else as it is.
    public static func normalized(_ reference: String) -> String {
        reference.contains("@") ? reference : (try? ImageReference(parsing: reference))?.description ?? reference
    }

    /// The one image ID that `reference` (at least 4 hex digits, optionally "sha256:"-prefixed) begins.
    static func idPrefixMatch(_ reference: String, in images: [ImageRecord]) -> String? {
        let prefix = reference.hasPrefix("sha256:") ? String(reference.dropFirst(7)) : reference
        guard prefix.count >= 4, prefix.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) else { return nil }
        let ids = Set(images.filter { $0.id.hasPrefix(prefix) }.map(\.id))
        return ids.count == 1 ? ids.first : nil
    }

    /// NAME@sha256:<hex> split in two; nil for anything else.
    static func digestReference(_ reference: String) -> (repository: String, digest: String)? {
        guard let at = reference.firstIndex(of: "@") else { return nil }
        let repository = ImageNames.shortName(String(reference[..<at]))
        let digest = String(reference[reference.index(after: at)...])
        guard ImageReference.isValidRepository(repository), Digest.hex(digest) != nil else { return nil }
        return (repository, digest)
    }

    /// The image's config and layers; nil when the store has no complete image of that ID.
    public func content(of id: String) throws -> ImageContent? {
        guard Digest.hex(Digest.prefix + id) != nil, let bytes = try FileSystem.read(contentPath(id)) else { return nil }
        do {
            return try StateJSON.decode(ImageContent.self, from: bytes)
        } catch {
            throw RuntimeError(.damaged, "image \(Identifiers.short(id)): \(contentPath(id)) is damaged", cause: error)
        }
    }

    /// The image's config blob exactly as stored (its sha256 is the image's config digest).
    public func configBytes(of id: String) throws -> [UInt8] {
        try configBytes(of: id, content: try content(of: id))
    }

    private func configBytes(of id: String, content: ImageContent?) throws -> [UInt8] {
        guard let content, let path = blobPath(content.config.digest), let bytes = try FileSystem.read(path) else {
            throw RuntimeError(.notFound, "No such image: \(Identifiers.short(id))")
        }
        return bytes
    }

    /// The image's config, decoded. An image imported before images had layers has none: it gets
    /// one of this machine's platform that sets nothing.
    public func config(of id: String) throws -> OCIImageConfig {
        let content = try content(of: id)
        if content == nil, legacyRootfs(id) != nil {
            let platform = OCIDescriptor.Platform.current
            return OCIImageConfig(architecture: platform.architecture, os: platform.os, rootfs: .init(diffIDs: []))
        }
        let bytes = try configBytes(of: id, content: content)
        do {
            return try StateJSON.decode(OCIImageConfig.self, from: bytes)
        } catch {
            throw RuntimeError(.damaged, "the config of image \(Identifiers.short(id)) is damaged", cause: error)
        }
    }

    /// The image `reference` names, when it is here and, with `platform`, of that platform (its
    /// config's, or this machine's when the config cannot be read): what `run --platform` and
    /// compose's `platform:` take as present.
    public func present(_ reference: String, platform: OCIDescriptor.Platform?) -> ImageRecord? {
        guard let image = try? resolve(reference) else { return nil }
        guard let platform else { return image }
        return ((try? config(of: image.id))?.platform ?? .current).matches(platform) ? image : nil
    }

    /// Gives the image `id` the name `reference`, taken from any image that had it; an untagged
    /// image is listed as <none>:<none> (and loses that entry once it has a name). An image the name
    /// moved off stays, as Docker keeps it: listed as <none>:<none> (dangling) when that was its last
    /// name, until `rmi` or `image prune` takes it. `digest` is the manifest digest it came with, if
    /// any. Returns the ID of the image the name moved off, if any. Under the lock.
    @discardableResult
    func name(_ id: String, _ reference: ImageReference?, size: UInt64, digest: String? = nil, images: inout [ImageRecord]) -> String? {
        if let reference {
            let displaced = images.first { $0.reference == reference && $0.id != id }
            // The tag takes the image's place in the listing: as <none>:<none>, or by this digest in its repository.
            images.removeAll {
                $0.reference == reference || ($0.id == id && $0.repository == ImageRecord.none)
                    || (digest != nil && $0.id == id && $0.isUntagged && $0.repository == reference.repository && $0.digest == digest)
            }
            images.append(ImageRecord(repository: reference.repository, tag: reference.tag, id: id, created: .now(), size: size, digest: digest))
            if let displaced, !images.contains(where: { $0.id == displaced.id }) {
                images.append(ImageRecord(
                    repository: ImageRecord.none, tag: ImageRecord.none, id: displaced.id, created: displaced.created, size: displaced.size))
            }
            return displaced?.id
        } else if !images.contains(where: { $0.id == id }) {
            images.append(ImageRecord(repository: ImageRecord.none, tag: ImageRecord.none, id: id, created: .now(), size: size, digest: digest))
        }
        return nil
    }

    /// Names an image by a digest reference alone (a pull by digest): REPOSITORY <none> with the
    /// digest, unless a tag of that repository on the image has the digest already.
    func name(_ id: String, repository: String, digest: String, size: UInt64, images: inout [ImageRecord]) {
        images.removeAll { $0.id == id && $0.repository == ImageRecord.none }
        guard !images.contains(where: { $0.id == id && $0.repository == repository && $0.digest == digest }) else { return }
        images.append(ImageRecord(repository: repository, tag: ImageRecord.none, id: id, created: .now(), size: size, digest: digest))
    }

    func writeIndex(_ images: [ImageRecord]) throws {
        try FileSystem.makeDirectories(root.images, mode: 0o700)
        try FileSystem.writeAtomically(indexPath, try StateJSON.encode(images, indented: true))
    }

    /// Deletes what no named image, no container and no add under way uses: content files, blobs,
    /// layers and their links, and whatever a killed add left (staging directories no process
    /// holds, temporary names). Called with the store's lock held.
    func removeUnreferencedContent(_ images: [ImageRecord], inUse: Set<String>) throws {
        let kept = Set(images.map(\.id)).union(inUse).union(buildCache().values)
        var keptBlobs: Set<String> = []
        var keptLayers: Set<String> = []
        for entry in FileSystem.list(root.images) where entry.hasPrefix(ImageStaging.prefix) {
            let path = root.images + "/" + entry
            if let lock = try? FileLock.onDirectory(path, wait: false) {
                defer { lock.unlock() }
                try removeLayerDirectory(path)
            } else {
                let uses = ImageStaging.uses(path)
                keptBlobs.formUnion(uses.blobs)
                keptLayers.formUnion(uses.layers)
            }
        }
        var keptLinks = Set(keptLayers.compactMap { try? FileSystem.readString(layers + "/" + $0 + "/link") })
        for entry in FileSystem.list(contents) {
            let id = String(entry.dropLast(".json".count))
            guard entry.hasSuffix(".json"), kept.contains(id), let content = try? content(of: id) else {
                FileSystem.remove(contents + "/" + entry)
                continue
            }
            keptBlobs.formUnion(([content.config.digest] + content.layers.map(\.blob.digest)).compactMap(Digest.hex))
            keptLayers.formUnion(content.layers.compactMap { Digest.hex($0.chainID) })
            keptLinks.formUnion(content.layers.map(\.link))
        }
        for entry in FileSystem.list(blobs) where !keptBlobs.contains(entry) {
            FileSystem.remove(blobs + "/" + entry)
        }
        for entry in FileSystem.list(diffIDs) where !keptBlobs.contains(entry) {
            FileSystem.remove(diffIDs + "/" + entry)
        }
        for entry in FileSystem.list(links) where !keptLinks.contains(entry) {
            FileSystem.remove(links + "/" + entry)
        }
        for entry in FileSystem.list(layers) where !keptLayers.contains(entry) {
            try removeLayerDirectory(layers + "/" + entry)
        }
        try removeLegacyContent(kept: kept)
    }

    /// An unpacked tree may carry immutable flags and directories without write permission.
    func removeLayerDirectory(_ path: String) throws {
        _ = mr_archive_make_removable(path)
        try FileSystem.removeTree(path)
    }

    /// A staging directory for one load or add, locked until its `finish`: made and locked under
    /// the store's lock, so that a removal never takes one about to be locked.
    public func makeStaging() throws -> ImageStaging {
        try makeStoreDirectories()
        return try FileLock.with(lockPath) {
            let staging = root.images + "/" + ImageStaging.prefix + Identifiers.newID().prefix(16)
            try FileSystem.makeDirectories(staging, mode: 0o700)
            guard let lock = try FileLock.onDirectory(staging) else { throw RuntimeError.system("open \(staging)", ENOENT) }
            return ImageStaging(path: staging, lock: lock)
        }
    }

    func makeStoreDirectories() throws {
        for directory in [root.images, blobs, diffIDs, layers, links, contents] {
            try FileSystem.makeDirectories(directory, mode: 0o700)
        }
    }
}
