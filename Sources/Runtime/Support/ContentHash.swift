/// SHA-256 of bytes as 64 lowercase hex digits, for front ends that fingerprint what they make
/// (compose's config hash); Digest, its "sha256:" form, stays internal (Registry has its own).
public enum ContentHash {
    public static func sha256(_ bytes: [UInt8]) -> String {
        String(Digest.of(bytes).dropFirst(Digest.prefix.count))
    }
}
