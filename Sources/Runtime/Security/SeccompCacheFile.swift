import CRuntimeShims

/// The layout of a cached filter: a magic, the SHA-256 of the instructions in hex, the instructions.
/// A file that does not check out (truncated, changed, from another version) is not loaded into a
/// container; the filter is compiled again instead. Version 2: filters built as a binary tree.
enum SeccompCacheFile {
    static let magic = Array("MRSCMP2\n".utf8)
    static let headerSize = magic.count + 64

    static func encode(_ bpf: [UInt8]) -> [UInt8] {
        magic + Array(digest(bpf).utf8) + bpf
    }

    /// The instructions, or nil when the file is not a whole cached filter.
    static func decode(_ file: [UInt8]) -> [UInt8]? {
        guard file.count > headerSize, (file.count - headerSize) % 8 == 0, file.starts(with: magic) else { return nil }
        let bpf = Array(file[headerSize...])
        guard String(decoding: file[magic.count..<headerSize], as: UTF8.self) == digest(bpf) else { return nil }
        return bpf
    }

    /// SHA-256 in lowercase hex.
    static func digest(_ bytes: [UInt8]) -> String {
        var hex = [CChar](repeating: 0, count: 65)
        bytes.withUnsafeBytes { mr_sha256_hex($0.baseAddress, $0.count, &hex) }
        return String(decoding: hex.prefix(64).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
