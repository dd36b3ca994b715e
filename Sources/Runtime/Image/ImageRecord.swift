/// One name of an image in the image store (an untagged image is listed once as <none>:<none>).
public struct ImageRecord: Codable, Sendable, Equatable {
    public var repository: String
    public var tag: String
    /// The image ID: the sha256 of its config blob, 64 hex characters (for an image imported before
    /// layered images, the sha256 of its tarball: see ImageStore+Legacy).
    public var id: String
    public var created: Timestamp
    /// Bytes unpacked.
    public var size: UInt64
    /// "sha256:<hex>" of the manifest the image came with, where a load or pull had one: with the
    /// repository it is Docker's digest reference (REPOSITORY@DIGEST, `images --digests`).
    public var digest: String?

    public init(repository: String, tag: String, id: String, created: Timestamp, size: UInt64, digest: String? = nil) {
        self.repository = repository
        self.tag = tag
        self.id = id
        self.created = created
        self.size = size
        self.digest = digest
    }

    public var reference: ImageReference { ImageReference(repository: repository, tag: tag) }

    /// Not a tag: a <none>:<none> entry.
    public var isUntagged: Bool { tag == Self.none }

    /// REPOSITORY@DIGEST, Docker's digest reference, when the image came with a manifest digest
    /// and its repository is known.
    public var digestReference: String? {
        guard let digest, repository != Self.none else { return nil }
        return repository + "@" + digest
    }

    /// The repository and tag of an untagged image, as Docker lists them.
    public static let none = "<none>"
}
