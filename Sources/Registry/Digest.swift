import Crypto
import Glibc
import Runtime

/// "sha256:<64 lowercase hex>", the only algorithm registries use for images, computed with
/// swift-crypto as the bytes stream in.
public struct Digest {
    private var hasher = SHA256()

    public init() {}

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        hasher.update(bufferPointer: bytes)
    }

    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    public func finish() -> String {
        "sha256:" + hasher.finalize().map { byte in
            let hex = Array("0123456789abcdef".utf8)
            return String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 15)]], as: UTF8.self)
        }.joined()
    }

    public static func of(_ bytes: [UInt8]) -> String {
        var digest = Digest()
        digest.update(bytes)
        return digest.finish()
    }

    /// The digest of the file at `path`.
    public static func ofFile(_ path: String) throws -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw RuntimeError.system("open \(path)") }
        defer { close(fd) }
        var digest = Digest()
        try FileSystem.readChunks(fd: fd, path: path) { digest.update($0) }
        return digest.finish()
    }

    public static func isValid(_ text: String) -> Bool {
        guard text.hasPrefix("sha256:") else { return false }
        let hex = text.utf8.dropFirst(7)
        return hex.count == 64 && hex.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
    }

    /// The 64 hex digits of a valid digest.
    static func hex(_ digest: String) -> String { String(digest.dropFirst(7)) }
}
