/// An image read from where a user keeps it - a `docker save` tarball, an OCI image layout, a
/// registry - before the image store takes it in: its config blob and its layer blobs as files in
/// a staging directory, every blob's digest already checked against the manifest that named it.
/// `ImageStore.add` unpacks the layers (checking each diff_id against the config) and names it; it
/// moves layer files that are under the store's images/ directory (make the staging directory with
/// `ImageStore.makeStaging`) and copies any other.
public struct IncomingImage: Sendable {
    /// The names to give it (`docker save`'s RepoTags, an OCI layout's ref name, the pulled reference).
    public var names: [ImageReference]
    /// The config blob's bytes exactly as they arrived: their sha256 is the image ID.
    public var configBytes: [UInt8]
    /// Bottom layer first, as the manifest lists them.
    public var layers: [IncomingLayer]
    /// The manifest's digest ("sha256:<hex>") where it came from a registry or layout, for `images --digests`.
    public var manifestDigest: String?
    /// The repository of a pull by digest alone: no tag, but Docker's digest reference
    /// REPOSITORY@DIGEST (listed as REPOSITORY <none> DIGEST, found by that reference).
    public var digestRepository: String?

    public init(
        names: [ImageReference], configBytes: [UInt8], layers: [IncomingLayer], manifestDigest: String? = nil, digestRepository: String? = nil
    ) {
        self.names = names
        self.configBytes = configBytes
        self.layers = layers
        self.manifestDigest = manifestDigest
        self.digestRepository = digestRepository
    }
}

/// One layer blob on disk, as the manifest described it.
public struct IncomingLayer: Sendable, Equatable {
    /// The blob: a tar, gzip- or zstd-compressed as `mediaType` says.
    public var path: String
    /// "sha256:<hex>" of the file's bytes (checked).
    public var digest: String
    /// An OCI or Docker layer media type, e.g. "application/vnd.oci.image.layer.v1.tar+gzip".
    public var mediaType: String
    /// The blob already unpacked, while it downloaded (a pull): the store checks its diff_id and
    /// moves it into place instead of unpacking the blob.
    public var unpacked: UnpackedLayer?

    public init(path: String, digest: String, mediaType: String, unpacked: UnpackedLayer? = nil) {
        self.path = path
        self.digest = digest
        self.mediaType = mediaType
        self.unpacked = unpacked
    }
}

/// A layer blob extracted by `StreamedLayerExtraction`: its layer directory (the files are in its
/// diff/), in a staging directory of the image store's (`ImageStore.makeStaging`), and what
/// minirun-unpack found: the blob's digest, its diff_id, its bytes.
public struct UnpackedLayer: Sendable, Equatable {
    public var directory: String
    public var extracted: ImageArchive.ExtractedLayer
}
