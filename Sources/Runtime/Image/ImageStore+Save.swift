import Glibc

/// `save`: images as a tarball in Docker 25's layout, which is an OCI image layout too: the blobs
/// (configs, layers exactly as they came in, a manifest per image), index.json (a manifest per
/// name, named as containerd names them), oci-layout, and Docker's manifest.json and repositories.
/// `docker load`, `minirun load` and `skopeo ... docker-archive:` read it; the image IDs and
/// diff_ids stay the same, since every blob is the one the store was given.
extension ImageStore {
    /// Writes the images `references` name (names or IDs) to `fd`. A name saves that name; an ID
    /// saves the image without a name, as Docker does.
    public func save(_ references: [String], to fd: Int32, name: String) throws {
        var order: [String] = []
        var tags: [String: [ImageReference]] = [:]
        for reference in references {
            let record = try resolve(reference)
            if tags[record.id] == nil { order.append(record.id) }
            var names = tags[record.id] ?? []
            if record.repository != ImageRecord.none, (try? ImageReference(parsing: reference)) == record.reference,
               !names.contains(record.reference) {
                names.append(record.reference)
            }
            tags[record.id] = names
        }
        var blobsWritten: Set<String> = []
        var index: [OCIDescriptor] = []
        var dockerManifest: [DockerManifestEntry] = []
        var repositories: [String: [String: String]] = [:]
        let tar = TarWriter(fd: fd, name: name)
        try tar.file("oci-layout", bytes: Array(#"{"imageLayoutVersion":"1.0.0"}"#.utf8))
        try tar.directory("blobs")
        try tar.directory("blobs/sha256")
        for id in order {
            let content = try layeredContent(of: id, toBe: "saved")
            let manifestBytes = try StateJSON.encode(content.manifest)
            let manifestDigest = Digest.of(manifestBytes)
            for descriptor in [content.config] + content.layers.map(\.blob) {
                guard let hex = Digest.hex(descriptor.digest), blobsWritten.insert(hex).inserted else { continue }
                try tar.file("blobs/sha256/" + hex, copying: blobs + "/" + hex)
            }
            if blobsWritten.insert(Digest.hex(manifestDigest)!).inserted {
                try tar.file("blobs/sha256/" + Digest.hex(manifestDigest)!, bytes: manifestBytes)
            }
            let manifestDescriptor = OCIDescriptor(mediaType: MediaType.ociManifest, digest: manifestDigest, size: Int64(manifestBytes.count))
            let names = tags[id] ?? []
            if names.isEmpty { index.append(manifestDescriptor) }
            for reference in names {
                var tagged = manifestDescriptor
                tagged.annotations = ["io.containerd.image.name": ImageNames.fullName(reference), "org.opencontainers.image.ref.name": reference.tag]
                index.append(tagged)
                repositories[reference.repository, default: [:]][reference.tag] = Digest.hex(content.layers.last?.blob.digest ?? content.config.digest)
            }
            dockerManifest.append(DockerManifestEntry(
                Config: "blobs/sha256/" + id, RepoTags: names.isEmpty ? nil : names.map(\.description),
                Layers: content.layers.map { "blobs/sha256/" + Digest.hex($0.blob.digest)! }))
        }
        try tar.file("index.json", bytes: try StateJSON.encode(OCIIndex(manifests: index)))
        try tar.file("manifest.json", bytes: try StateJSON.encode(dockerManifest))
        try tar.file("repositories", bytes: try StateJSON.encode(repositories))
        try tar.finish()
    }

    /// The image's content; an image imported before images had layers has none to save or push.
    private func layeredContent(of id: String, toBe done: String) throws -> ImageContent {
        guard let content = try content(of: id) else {
            throw RuntimeError(.invalidArgument, "image \(Identifiers.short(id)) was imported before images had layers: import it again to have it \(done)")
        }
        return content
    }

    /// A blob of the store: its descriptor and the file that holds it.
    public struct StoredBlob: Sendable {
        public var descriptor: OCIDescriptor
        public var path: String
    }

    /// What `push` uploads of image `id`: its blobs (layers bottom first, with their diff_ids) and
    /// the manifest `save` writes for it.
    public struct Pushable: Sendable {
        public var manifest: [UInt8]
        public var mediaType: String
        public var config: StoredBlob
        public var layers: [(blob: StoredBlob, diffID: String)]
    }

    public func pushable(_ id: String) throws -> Pushable {
        let content = try layeredContent(of: id, toBe: "pushed")
        func stored(_ descriptor: OCIDescriptor) -> StoredBlob {
            StoredBlob(descriptor: descriptor, path: blobs + "/" + (Digest.hex(descriptor.digest) ?? ""))
        }
        return Pushable(
            manifest: try StateJSON.encode(content.manifest), mediaType: content.manifest.mediaType ?? MediaType.ociManifest,
            config: stored(content.config), layers: content.layers.map { (stored($0.blob), $0.diffID) })
    }
}
