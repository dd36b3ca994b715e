/// What the store knows of one image, in images/content/<id>.json: its config blob and its layers,
/// bottom first. Written last when an image is added, so an image whose content file exists is
/// complete: its config blob, its layer blobs and unpacked layers are all in place.
public struct ImageContent: Codable, Sendable, Equatable {
    /// The config blob (application/vnd.oci.image.config.v1+json): its digest is the image ID.
    public var config: OCIDescriptor
    public var layers: [Layer]

    public struct Layer: Codable, Sendable, Equatable {
        /// The blob as it came (compressed or not), kept in blobs/sha256 for `save`.
        public var blob: OCIDescriptor
        /// "sha256:<hex>" of the uncompressed tar.
        public var diffID: String
        /// The layer with every layer below it: names its directory, layers/<hex>/diff.
        public var chainID: String
        /// The short name of its directory for overlay's lowerdir: l/<link> (see ImageStore+Layers).
        public var link: String
        /// Bytes of file data unpacked.
        public var size: UInt64
    }

    /// The OCI manifest that `save` writes for the image.
    public var manifest: OCIManifest {
        OCIManifest(config: config, layers: layers.map(\.blob))
    }
}
