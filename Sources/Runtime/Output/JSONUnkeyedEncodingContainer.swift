/// The unkeyed container of `JSONValueEncoder`: every value goes through the encoder again, into a
/// fresh element at the end of the array.
struct JSONUnkeyedEncodingContainer: UnkeyedEncodingContainer {
    let builder: JSONValueBuilder
    let codingPath: [any CodingKey]

    var count: Int { builder.elementCount }

    mutating func encodeNil() throws { builder.appendChild().set(.null) }
    mutating func encode(_ value: Bool) throws { try encodeValue(value) }
    mutating func encode(_ value: String) throws { try encodeValue(value) }
    mutating func encode(_ value: Double) throws { try encodeValue(value) }
    mutating func encode(_ value: Float) throws { try encodeValue(value) }
    mutating func encode(_ value: Int) throws { try encodeValue(value) }
    mutating func encode(_ value: Int8) throws { try encodeValue(value) }
    mutating func encode(_ value: Int16) throws { try encodeValue(value) }
    mutating func encode(_ value: Int32) throws { try encodeValue(value) }
    mutating func encode(_ value: Int64) throws { try encodeValue(value) }
    mutating func encode(_ value: UInt) throws { try encodeValue(value) }
    mutating func encode(_ value: UInt8) throws { try encodeValue(value) }
    mutating func encode(_ value: UInt16) throws { try encodeValue(value) }
    mutating func encode(_ value: UInt32) throws { try encodeValue(value) }
    mutating func encode(_ value: UInt64) throws { try encodeValue(value) }
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
        let path = codingPath + [JSONCodingKey(intValue: count)]
        return JSONValueEncoder(builder: builder.appendChild(), codingPath: path)
    }

    private func encodeValue<T: Encodable>(_ value: T) throws {
        let path = codingPath + [JSONCodingKey(intValue: count)]
        try JSONValueEncoder.encode(value, into: builder.appendChild(), codingPath: path)
    }
}
