import JSONCodec

/// The JSON of minirun's own files (container records, the image index, networks, leases), through
/// JSONCodec: struct fields in declared order, maps as Swift stored them (no reader needs them
/// sorted). Foundation's JSONEncoder and JSONDecoder took 1 ms of a 7 ms `run`: their generic layers
/// and the dynamic casts they make for every type are new in every process, and a `run` is a new
/// process (bench/JSON-CODEC.md).
enum StateJSON {
    /// Compact, or indented by two spaces for the files a reader may want to look at.
    static func encode(_ value: some Encodable, indented: Bool = false) throws -> [UInt8] {
        let json = try JSONValue(encoding: value, sortingMaps: false)
        return try GoJSON.bytes(json, indent: indented ? "  " : nil)
    }

    static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        try JSONValue(parsing: bytes).decode(type)
    }
}
