extension JSONValue {
    /// The JSON form of any Encodable, built without going through text: struct fields keep their
    /// declared order, dictionary keys are sorted (as Go prints maps) unless `sortingMaps` is false,
    /// integers stay integers. Throws for NaN and infinities, which JSON cannot hold.
    public init(encoding value: some Encodable, sortingMaps: Bool = true) throws {
        let builder = JSONValueBuilder(sortsMaps: sortingMaps)
        try JSONValueEncoder.encode(value, into: builder, parentPath: [], key: nil)
        self = builder.build()
    }
}

extension JSONValue {
    /// Integers beyond Int's range become doubles (and so lose precision past 2^53).
    static func integer<T: BinaryInteger>(from value: T) -> JSONValue {
        Int(exactly: value).map(JSONValue.integer) ?? .double(Double(value))
    }
}
