/// One tagged image: a name for an unpacked rootfs in the image store.
public struct ImageRecord: Codable, Sendable, Equatable {
    public var repository: String
    public var tag: String
    /// The sha256 of the tarball it was imported from, 64 hex characters.
    public var id: String
    public var created: Timestamp
    /// Bytes unpacked.
    public var size: UInt64

    public var reference: ImageReference { ImageReference(repository: repository, tag: tag) }
}
