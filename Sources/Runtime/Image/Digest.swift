import CRuntimeShims
import Glibc

/// SHA-256 digests as the OCI image-spec writes them: "sha256:" and 64 lowercase hex digits.
enum Digest {
    static let prefix = "sha256:"

    static func of(_ bytes: [UInt8]) -> String {
        var hex = [CChar](repeating: 0, count: 65)
        bytes.withUnsafeBytes { mr_sha256_hex($0.baseAddress, $0.count, &hex) }
        return prefix + String(decoding: hex.prefix(64).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The digest of a file's bytes, read in 1 MiB pieces.
    static func ofFile(_ path: String) throws -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw RuntimeError.system("open \(path)") }
        defer { close(fd) }
        var context = mr_sha256()
        mr_sha256_init(&context)
        try FileSystem.readChunks(fd: fd, path: path) { mr_sha256_update(&context, $0.baseAddress, $0.count) }
        var hex = [CChar](repeating: 0, count: 65)
        mr_sha256_final_hex(&context, &hex)
        return prefix + String(decoding: hex.prefix(64).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The 64 hex digits of a well-formed "sha256:<hex>", nil for anything else (another algorithm,
    /// a wrong length, uppercase): only those ever become file names.
    static func hex(_ digest: String) -> String? {
        guard digest.hasPrefix(prefix) else { return nil }
        let hex = String(digest.dropFirst(prefix.count))
        guard hex.utf8.count == 64, hex.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) else { return nil }
        return hex
    }

    /// The OCI chain IDs of a stack of layers, bottom first: the first is its diff_id, each next one
    /// sha256("<chain ID below> <diff_id>"). A layer's content depends on every layer below it (its
    /// whiteouts, its directories), so it is stored, and shared, by chain ID.
    static func chainIDs(_ diffIDs: [String]) -> [String] {
        var result: [String] = []
        for diffID in diffIDs {
            result.append(result.last.map { of(Array(($0 + " " + diffID).utf8)) } ?? diffID)
        }
        return result
    }
}
