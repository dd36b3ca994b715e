/// Native-endian integer access for netlink buffers (netlink uses host byte order; addresses inside
/// attributes are in network order and are handled by their own types).
extension Array where Element == UInt8 {
    mutating func appendNative<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value) { append(contentsOf: $0) }
    }

    /// Appends zero bytes up to the next multiple of 4 (NLMSG_ALIGN / NLA_ALIGN).
    mutating func padToNetlinkAlignment() {
        append(contentsOf: repeatElement(0, count: count.netlinkPadding))
    }
}

extension ArraySlice where Element == UInt8 {
    /// The integer at `offset` bytes past the slice's start, or nil if the slice is too short.
    func loadNative<T: FixedWidthInteger>(_: T.Type = T.self, at offset: Int = 0) -> T? {
        guard offset >= 0, count >= offset + MemoryLayout<T>.size else { return nil }
        return withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: T.self) }
    }
}

extension Int {
    /// Bytes needed to reach the next multiple of 4.
    var netlinkPadding: Int { (4 - self % 4) % 4 }

    /// Rounded up to a multiple of 4.
    var netlinkAligned: Int { self + netlinkPadding }
}
