/// A condition on one syscall argument in a rule (runtime-spec's LinuxSeccompArg): argument `index`
/// (0-5) compared with `value` by `op`; MASKED_EQ also needs `valueTwo`.
public struct SeccompArgument: Codable, Sendable, Hashable {
    public var index: UInt32
    public var value: UInt64
    public var valueTwo: UInt64
    public var op: SeccompOperator

    public init(index: UInt32, value: UInt64, valueTwo: UInt64 = 0, op: SeccompOperator) {
        self.index = index
        self.value = value
        self.valueTwo = valueTwo
        self.op = op
    }

    private enum CodingKeys: String, CodingKey {
        case index, value, valueTwo, op
    }

    /// A syscall has six arguments; an index beyond them is refused here rather than by libseccomp.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        index = try container.decodeInteger(UInt32.self, forKey: .index)
        guard index < 6 else {
            throw DecodingError.dataCorruptedError(
                forKey: .index, in: container, debugDescription: "argument index \(index) is out of range (0-5)")
        }
        value = try container.decodeInteger(UInt64.self, forKey: .value)
        valueTwo = try container.decodeIntegerIfPresent(UInt64.self, forKey: .valueTwo) ?? 0
        op = try container.decode(SeccompOperator.self, forKey: .op)
    }

    /// valueTwo only when set, as Docker writes it.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(index, forKey: .index)
        try container.encode(value, forKey: .value)
        if valueTwo != 0 { try container.encode(valueTwo, forKey: .valueTwo) }
        try container.encode(op, forKey: .op)
    }
}
