/// An optional field of Docker's JSON that is `null` when it has no value, where Swift's encoding
/// would leave the key out (inspect's Config.Entrypoint, Config.Volumes).
@propertyWrapper
public struct NullIfNil<Value: Encodable & Sendable>: Encodable, Sendable {
    public var wrappedValue: Value?

    public init(wrappedValue: Value?) {
        self.wrappedValue = wrappedValue
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue { try container.encode(wrappedValue) } else { try container.encodeNil() }
    }
}
