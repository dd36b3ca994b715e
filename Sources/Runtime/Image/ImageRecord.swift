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

    public var reference: ImageReference { ImageReference(repository: repository, tag: tag) }

    /// The repository and tag of an untagged image, as Docker lists them.
    public static let none = "<none>"
}
