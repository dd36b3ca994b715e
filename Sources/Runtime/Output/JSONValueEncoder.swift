/// An `Encoder` that builds a `JSONValue` directly instead of JSON text, so that objects keep the
/// order in which `encode(to:)` wrote their keys (a struct's declaration order, like Go's structs)
/// and integers stay integers. It is also its own single-value container.
final class JSONValueEncoder: Encoder, SingleValueEncodingContainer {
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    private let builder: JSONValueBuilder

    init(builder: JSONValueBuilder, codingPath: [any CodingKey]) {
        self.builder = builder
        self.codingPath = codingPath
    }

    /// Encodes `value` into `builder`; the one entry point for nested values of every container.
    /// Telling a dictionary apart is a dynamic cast, which the first time for each type searches
    /// every protocol conformance of the program: only done when the keys of maps are to be sorted.
    static func encode<T: Encodable>(_ value: T, into builder: JSONValueBuilder, codingPath: [any CodingKey]) throws {
        try value.encode(to: JSONValueEncoder(builder: builder, codingPath: codingPath))
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
    func encode(_ value: Int8) throws { setInteger(value) }
    func encode(_ value: Int16) throws { setInteger(value) }
    func encode(_ value: Int32) throws { setInteger(value) }
    func encode(_ value: Int64) throws { setInteger(value) }
    func encode(_ value: UInt) throws { setInteger(value) }
    func encode(_ value: UInt8) throws { setInteger(value) }
    func encode(_ value: UInt16) throws { setInteger(value) }
    func encode(_ value: UInt32) throws { setInteger(value) }
    func encode(_ value: UInt64) throws { setInteger(value) }

    func encode<T: Encodable>(_ value: T) throws {
        try Self.encode(value, into: builder, codingPath: codingPath)
    }

    /// Integers beyond Int's range become doubles (and so lose precision past 2^53).
    private func setInteger<T: BinaryInteger>(_ value: T) {
        builder.set(Int(exactly: value).map(JSONValue.integer) ?? .double(Double(value)))
    }

    /// JSON has no NaN or infinity; Go's json.Marshal refuses them too.
    private func setDouble(_ value: Double) throws {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: codingPath, debugDescription: "\(value) is not valid in JSON"))
        }
        builder.set(.double(value))
    }
}
