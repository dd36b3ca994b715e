/// A value stored as the text a user types - an address, a CIDR, a `-p` specification - and read back
/// with the same parser, so that a damaged record says what is wrong with it.
protocol TextCodable: Codable {
    init(parsing text: String) throws
    /// The text it is stored as; `init(parsing:)` reads it back.
    var codingText: String { get }
}

extension TextCodable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "\(error)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(codingText)
    }
}
