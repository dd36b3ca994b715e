/// An `Encoder` that builds a `JSONValue` directly instead of JSON text, so that objects keep the
/// order in which `encode(to:)` wrote their keys (a struct's declaration order, like Go's structs)
/// and integers stay integers. It is also its own single-value container.
final class JSONValueEncoder: Encoder, SingleValueEncodingContainer {
    /// The path is kept as the parent's and this value's key, and only joined when asked for (by an
    /// error, say): joining it for every value was an allocation per value.
    private let parentPath: [any CodingKey]
    private let key: (any CodingKey)?
    var codingPath: [any CodingKey] { key.map { parentPath + [$0] } ?? parentPath }
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    private let builder: JSONValueBuilder

    init(builder: JSONValueBuilder, parentPath: [any CodingKey], key: (any CodingKey)?) {
        self.builder = builder
        self.parentPath = parentPath
        self.key = key
    }

    /// Encodes `value` into `builder`; the one entry point for nested values of every container.
    /// Telling a dictionary apart is a dynamic cast, which the first time for each type searches
    /// every protocol conformance of the program: only done when the keys of maps are to be sorted.
    static func encode<T: Encodable>(_ value: T, into builder: JSONValueBuilder, parentPath: [any CodingKey],
                                     key: (any CodingKey)?) throws {
        try value.encode(to: JSONValueEncoder(builder: builder, parentPath: parentPath, key: key))
        if builder.sortsMaps && value is EncodesAsMap { builder.sortsKeys = true }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        builder.makeObject()
        return KeyedEncodingContainer(JSONKeyedEncodingContainer<Key>(builder: builder, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        builder.makeArray()
        return JSONUnkeyedEncodingContainer(builder: builder, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        self
    }

    func encodeNil() throws { builder.set(.null) }
    func encode(_ value: Bool) throws { builder.set(.bool(value)) }
    func encode(_ value: String) throws { builder.set(.string(value)) }
    func encode(_ value: Double) throws { try setDouble(value) }
    /// Through the shortest text of the Float, so 0.1 stays 0.1 and does not become 0.10000000149011612.
    func encode(_ value: Float) throws { try setDouble(value.isFinite ? Double(value.description)! : Double(value)) }
    func encode(_ value: Int) throws { builder.set(.integer(value)) }
    func encode(_ value: Int8) throws { builder.set(.integer(from: value)) }
    func encode(_ value: Int16) throws { builder.set(.integer(from: value)) }
    func encode(_ value: Int32) throws { builder.set(.integer(from: value)) }
    func encode(_ value: Int64) throws { builder.set(.integer(from: value)) }
    func encode(_ value: UInt) throws { builder.set(.integer(from: value)) }
    func encode(_ value: UInt8) throws { builder.set(.integer(from: value)) }
    func encode(_ value: UInt16) throws { builder.set(.integer(from: value)) }
    func encode(_ value: UInt32) throws { builder.set(.integer(from: value)) }
    func encode(_ value: UInt64) throws { builder.set(.integer(from: value)) }

    func encode<T: Encodable>(_ value: T) throws {
        try Self.encode(value, into: builder, parentPath: parentPath, key: key)
    }

    /// JSON has no NaN or infinity; Go's json.Marshal refuses them too.
    private func setDouble(_ value: Double) throws {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: codingPath, debugDescription: "\(value) is not valid in JSON"))
        }
        builder.set(.double(value))
    }
}
