/// The fixed words of Docker's seccomp profile format (SCMP_ACT_*, SCMP_CMP_*, SCMP_ARCH_* names).
enum SeccompKeyword {
    /// Decodes one of a word enum's values. A word that is not known fails with a one-line reason that
    /// names it ("unknown action \"SCMP_ACT_FOO\""), instead of Foundation's "Cannot initialize ... from
    /// invalid String value"; `kind` says what the word is.
    static func decode<T: RawRepresentable<String>>(from decoder: any Decoder, kind: String) throws -> T {
        let container = try decoder.singleValueContainer()
        let word = try container.decode(String.self)
        guard let value = T(rawValue: word) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "unknown \(kind) \"\(word)\"")
        }
        return value
    }
}
