extension JSONValue {
    /// The JSON form of any Encodable, built without going through text: struct fields keep their
    /// declared order, dictionary keys are sorted (as Go prints maps) unless `sortingMaps` is false,
    /// integers stay integers. Throws for NaN and infinities, which JSON cannot hold.
    public init(encoding value: some Encodable, sortingMaps: Bool = true) throws {
        let builder = JSONValueBuilder(sortsMaps: sortingMaps)
        try JSONValueEncoder.encode(value, into: builder, codingPath: [])
        self = builder.build()
    }
}
