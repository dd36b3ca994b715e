extension JSONValue {
    /// The JSON form of any Encodable, built without going through text: struct fields keep their
    /// declared order, dictionary keys are sorted (as Go prints maps), integers stay integers.
    /// Throws for NaN and infinities, which JSON cannot hold.
    public init(encoding value: some Encodable) throws {
        let builder = JSONValueBuilder()
        try JSONValueEncoder.encode(value, into: builder, codingPath: [])
        self = builder.build()
    }
}
