/// The OCI image-spec's descriptors, manifests and indexes (and the Docker media types that mean the
/// same), as load reads them from a layout and save writes them.
public struct OCIDescriptor: Codable, Sendable, Equatable {
    public var mediaType: String
    public var digest: String
    public var size: Int64
    public var annotations: [String: String]?
    public var platform: Platform?

    public init(mediaType: String, digest: String, size: Int64, annotations: [String: String]? = nil, platform: Platform? = nil) {
        self.mediaType = mediaType
        self.digest = digest
        self.size = size
        self.annotations = annotations
        self.platform = platform
    }

    public struct Platform: Codable, Sendable, Equatable {
        public var architecture: String
        public var os: String
        public var variant: String?

        public init(architecture: String, os: String, variant: String? = nil) {
            self.architecture = architecture
            self.os = os
            self.variant = variant
        }

        public var description: String { os + "/" + architecture + (variant.map { "/" + $0 } ?? "") }
    }
}

/// An image manifest: its config and its layers, bottom first.
public struct OCIManifest: Codable, Sendable, Equatable {
    public var schemaVersion: Int
    public var mediaType: String?
    public var config: OCIDescriptor
    public var layers: [OCIDescriptor]

    public init(config: OCIDescriptor, layers: [OCIDescriptor]) {
        schemaVersion = 2
        mediaType = MediaType.ociManifest
        self.config = config
        self.layers = layers
    }
}

/// An image index (or Docker manifest list): manifests for platforms, or further indexes.
public struct OCIIndex: Codable, Sendable, Equatable {
    public var schemaVersion: Int
    public var mediaType: String?
    public var manifests: [OCIDescriptor]

    public init(manifests: [OCIDescriptor]) {
        schemaVersion = 2
        mediaType = MediaType.ociIndex
        self.manifests = manifests
    }
}

public enum MediaType {
    public static let ociManifest = "application/vnd.oci.image.manifest.v1+json"
    public static let ociIndex = "application/vnd.oci.image.index.v1+json"
    public static let ociConfig = "application/vnd.oci.image.config.v1+json"
    public static let ociLayer = "application/vnd.oci.image.layer.v1.tar"
    public static let dockerManifest = "application/vnd.docker.distribution.manifest.v2+json"
    public static let dockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json"
    public static let dockerConfig = "application/vnd.docker.container.image.v1+json"

    public static let manifests: Set<String> = [ociManifest, dockerManifest]
    public static let indexes: Set<String> = [ociIndex, dockerManifestList]
    public static let configs: Set<String> = [ociConfig, dockerConfig]
    /// Layers minirun unpacks: tar, plain or gzip- or zstd-compressed (the compression is read from
    /// the data; the media type only has to be one of these).
    public static let layers: Set<String> = [
        ociLayer, ociLayer + "+gzip", ociLayer + "+zstd",
        "application/vnd.oci.image.layer.nondistributable.v1.tar",
        "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
        "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd",
        "application/vnd.docker.image.rootfs.diff.tar",
        "application/vnd.docker.image.rootfs.diff.tar.gzip",
        "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
    ]

    /// The OCI layer media type of a blob, from its first bytes (a `docker save` of Docker 24 or
    /// older names no media type).
    static func layer(sniffing magic: [UInt8]) -> String {
        if magic.starts(with: [0x1F, 0x8B]) { return ociLayer + "+gzip" }
        if magic.starts(with: [0x28, 0xB5, 0x2F, 0xFD]) { return ociLayer + "+zstd" }
        return ociLayer
    }
}
