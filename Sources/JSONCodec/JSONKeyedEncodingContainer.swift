/// The keyed container of `JSONValueEncoder`: each value goes into a fresh child of the object,
/// strings, booleans and integers directly, every other value through the encoder again.
struct JSONKeyedEncodingContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let builder: JSONValueBuilder
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { set(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { set(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { set(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { try encodeValue(value, key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { try encodeValue(value, key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { set(.integer(value), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { set(.integer(from: value), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { set(.integer(from: value), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { set(.integer(from: value), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { set(.integer(from: value), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { set(.integer(from: value), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { set(.integer(from: value), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { set(.integer(from: value), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { set(.integer(from: value), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { set(.integer(from: value), key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try encodeValue(value, key) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        let child = builder.child(forKey: key.stringValue)
        child.makeObject()
        return KeyedEncodingContainer(JSONKeyedEncodingContainer<NestedKey>(builder: child, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = builder.child(forKey: key.stringValue)
        child.makeArray()
        return JSONUnkeyedEncodingContainer(builder: child, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        JSONValueEncoder(builder: builder.child(forKey: JSONCodingKey.super.stringValue), parentPath: codingPath, key: JSONCodingKey.super)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        JSONValueEncoder(builder: builder.child(forKey: key.stringValue), parentPath: codingPath, key: key)
    }

    private func set(_ value: JSONValue, _ key: Key) {
        builder.child(forKey: key.stringValue).set(value)
    }

    private func encodeValue<T: Encodable>(_ value: T, _ key: Key) throws {
        try JSONValueEncoder.encode(value, into: builder.child(forKey: key.stringValue), parentPath: codingPath, key: key)
    }
}
