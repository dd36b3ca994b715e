/// The five capability sets of a container process, one bit per capability number.
public struct CapabilitySet: Sendable, Equatable {
    public var bounding: UInt64
    public var effective: UInt64
    public var permitted: UInt64
    public var inheritable: UInt64
    public var ambient: UInt64

    /// The same capabilities in the bounding, effective, permitted and inheritable sets, as Docker
    /// gives a root process.
    public init(_ mask: UInt64) {
        bounding = mask
        effective = mask
        permitted = mask
        inheritable = mask
        ambient = 0
    }
}
