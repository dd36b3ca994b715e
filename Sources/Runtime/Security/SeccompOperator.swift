/// How a rule compares a syscall argument with its `value` (runtime-spec's LinuxSeccompOperator).
/// MASKED_EQ holds when (argument & value) == valueTwo.
public enum SeccompOperator: String, Codable, Sendable {
    case notEqual = "SCMP_CMP_NE"
    case lessThan = "SCMP_CMP_LT"
    case lessOrEqual = "SCMP_CMP_LE"
    case equal = "SCMP_CMP_EQ"
    case greaterOrEqual = "SCMP_CMP_GE"
    case greaterThan = "SCMP_CMP_GT"
    case maskedEqual = "SCMP_CMP_MASKED_EQ"

    public init(from decoder: any Decoder) throws {
        self = try SeccompKeyword.decode(from: decoder, kind: "op")
    }
}
