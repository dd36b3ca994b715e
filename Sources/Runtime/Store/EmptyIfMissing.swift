/// A field added to a stored record after records were first written: the records of earlier
/// versions lack it and read as its empty value (an empty list or map, false), so that containers
/// made before an upgrade still load. (A key that is there is read as usual, so a damaged value is
/// still an error.)
@propertyWrapper
public struct EmptyIfMissing<Value: Codable & Sendable & Equatable & HasEmptyValue>: Codable, Sendable, Equatable {
    public var wrappedValue: Value

    public init(wrappedValue: Value) {
        self.wrappedValue = wrappedValue
    }

    public init(from decoder: any Decoder) throws {
        wrappedValue = try Value(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        try wrappedValue.encode(to: encoder)
    }
}

/// A type whose `init()` is its empty value.
public protocol HasEmptyValue {
    init()
}

extension Array: HasEmptyValue {}
extension Dictionary: HasEmptyValue {}
extension Bool: HasEmptyValue {}

extension KeyedDecodingContainer {
    /// Chosen by the synthesized init(from:) over the generic decode, being more specific.
    public func decode<Value>(_ type: EmptyIfMissing<Value>.Type, forKey key: Key) throws -> EmptyIfMissing<Value> {
        try decodeIfPresent(type, forKey: key) ?? EmptyIfMissing(wrappedValue: Value())
    }
}
