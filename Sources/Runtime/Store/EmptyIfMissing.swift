/// A list field added to a stored record after records were first written: the records of earlier
/// versions lack it and read as an empty list, so that containers made before an upgrade still load.
/// (A key that is there is read as usual, so a damaged value is still an error.)
@propertyWrapper
public struct EmptyIfMissing<Element: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    public var wrappedValue: [Element]

    public init(wrappedValue: [Element]) {
        self.wrappedValue = wrappedValue
    }

    public init(from decoder: any Decoder) throws {
        wrappedValue = try [Element](from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        try wrappedValue.encode(to: encoder)
    }
}

extension KeyedDecodingContainer {
    /// Chosen by the synthesized init(from:) over the generic decode, being more specific.
    public func decode<Element>(_ type: EmptyIfMissing<Element>.Type, forKey key: Key) throws -> EmptyIfMissing<Element> {
        try decodeIfPresent(type, forKey: key) ?? EmptyIfMissing(wrappedValue: [])
    }
}
