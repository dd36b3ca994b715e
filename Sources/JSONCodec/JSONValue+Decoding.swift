extension JSONValue {
    /// Parses JSON text (see `JSONParser`); errors are `DecodingError.dataCorrupted`.
    public init(parsing bytes: [UInt8]) throws {
        self = try JSONParser.parse(bytes)
    }

    /// This value as a Decodable, through `JSONValueDecoder`: errors are `DecodingError`s whose
    /// coding path says where in the document the value was wrong.
    public func decode<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        try T(from: JSONValueDecoder(value: self, codingPath: []))
    }
}
