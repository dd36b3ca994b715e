/// The unkeyed container of `JSONValueEncoder`: each value goes into a fresh element at the end of
/// the array, strings, booleans and integers directly, every other value through the encoder again.
struct JSONUnkeyedEncodingContainer: UnkeyedEncodingContainer {
    let builder: JSONValueBuilder
    let codingPath: [any CodingKey]

    var count: Int { builder.elementCount }

    mutating func encodeNil() throws { append(.null) }
    mutating func encode(_ value: Bool) throws { append(.bool(value)) }
    mutating func encode(_ value: String) throws { append(.string(value)) }
    mutating func encode(_ value: Double) throws { try encodeValue(value) }
    mutating func encode(_ value: Float) throws { try encodeValue(value) }
    mutating func encode(_ value: Int) throws { append(.integer(value)) }
    mutating func encode(_ value: Int8) throws { append(.integer(from: value)) }
    mutating func encode(_ value: Int16) throws { append(.integer(from: value)) }
    mutating func encode(_ value: Int32) throws { append(.integer(from: value)) }
    mutating func encode(_ value: Int64) throws { append(.integer(from: value)) }
    mutating func encode(_ value: UInt) throws { append(.integer(from: value)) }
    mutating func encode(_ value: UInt8) throws { append(.integer(from: value)) }
    mutating func encode(_ value: UInt16) throws { append(.integer(from: value)) }
    mutating func encode(_ value: UInt32) throws { append(.integer(from: value)) }
    mutating func encode(_ value: UInt64) throws { append(.integer(from: value)) }
    mutating func encode<T: Encodable>(_ value: T) throws { try encodeValue(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let path = codingPath + [JSONCodingKey(intValue: count)]
        let child = builder.appendChild()
        child.makeObject()
        return KeyedEncodingContainer(JSONKeyedEncodingContainer<NestedKey>(builder: child, codingPath: path))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let path = codingPath + [JSONCodingKey(intValue: count)]
        let child = builder.appendChild()
        child.makeArray()
        return JSONUnkeyedEncodingContainer(builder: child, codingPath: path)
    }

    mutating func superEncoder() -> any Encoder {
        let key = JSONCodingKey(intValue: count)
        return JSONValueEncoder(builder: builder.appendChild(), parentPath: codingPath, key: key)
    }

    private func append(_ value: JSONValue) {
        builder.appendChild().set(value)
    }

    private func encodeValue<T: Encodable>(_ value: T) throws {
        let key = JSONCodingKey(intValue: count)
        try JSONValueEncoder.encode(value, into: builder.appendChild(), parentPath: codingPath, key: key)
    }
}
