/// What `ImageArchive.extract` learned about a tarball it unpacked.
public struct ExtractedArchive: Sendable, Equatable {
    /// SHA-256 of the tarball's bytes exactly as read (compressed or not), 64 lowercase hex digits.
    /// This is the image ID.
    public let sha256: String
    /// Total size of the file data written into the directory.
    public let unpackedBytes: UInt64

    public init(sha256: String, unpackedBytes: UInt64) {
        self.sha256 = sha256
        self.unpackedBytes = unpackedBytes
    }
}
