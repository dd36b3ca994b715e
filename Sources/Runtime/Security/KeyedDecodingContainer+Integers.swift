extension KeyedDecodingContainer {
    /// An integer field of a profile. Foundation reports a number that does not fit the type (-1 for an
    /// unsigned field, say) as invalid JSON without saying where; this names the field and the range.
    func decodeInteger<T: FixedWidthInteger & Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        do {
            return try decode(T.self, forKey: key)
        } catch DecodingError.keyNotFound(let key, let context) {
            throw DecodingError.keyNotFound(key, context)
        } catch {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self, debugDescription: "not an integer from \(T.min) to \(T.max)")
        }
    }

    /// The same for a field that may be absent or null.
    func decodeIntegerIfPresent<T: FixedWidthInteger & Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        return try decodeInteger(type, forKey: key)
    }
}
