/// An IPv4 address, stored as a 32-bit number in host order (172.17.0.2 is 0xAC11_0002).
public struct IPv4Address: Hashable, Comparable, Sendable {
    /// The address as a number: the first dotted part is the most significant byte.
    public var value: UInt32

    public init(_ value: UInt32) {
        self.value = value
    }

    public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        value = UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
    }

    /// Reads four bytes in network order, as they appear in a netlink attribute; nil unless exactly four.
    public init?(networkBytes bytes: some Collection<UInt8>) {
        guard bytes.count == 4 else { return nil }
        value = bytes.reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// Parses dotted decimal such as "172.17.0.2".
    public init(parsing text: String) throws(AddressParseError) {
        guard let value = Self.parse(Substring(text)) else { throw .invalidIPv4Address(text) }
        self.value = value
    }

    /// The four bytes in network order (most significant first).
    public var networkBytes: [UInt8] {
        [UInt8(value >> 24), UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8),
         UInt8(truncatingIfNeeded: value)]
    }

    /// The address `offset` places further on (or back, when negative); nil past 255.255.255.255 or 0.0.0.0.
    public func adding(_ offset: Int) -> IPv4Address? {
        let result = Int64(value) + Int64(offset)
        guard result >= 0, result <= Int64(UInt32.max) else { return nil }
        return IPv4Address(UInt32(result))
    }

    /// How many places `other` lies after this address (negative when before).
    public func distance(to other: IPv4Address) -> Int64 {
        Int64(other.value) - Int64(value)
    }

    public static func < (lhs: IPv4Address, rhs: IPv4Address) -> Bool {
        lhs.value < rhs.value
    }

    /// 0.0.0.0
    public static let any = IPv4Address(0)

    static func parse(_ text: Substring) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard (1...3).contains(part.utf8.count),
                  part.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                  part.utf8.count == 1 || part.utf8.first != UInt8(ascii: "0"),
                  let byte = UInt8(part)
            else { return nil }
            value = value << 8 | UInt32(byte)
        }
        return value
    }
}

extension IPv4Address: CustomStringConvertible, LosslessStringConvertible {
    /// Dotted decimal, e.g. "172.17.0.2".
    public var description: String {
        networkBytes.map(String.init).joined(separator: ".")
    }

    /// Parses dotted decimal; nil when invalid (use `init(parsing:)` for the reason).
    public init?(_ description: String) {
        guard let value = Self.parse(Substring(description)) else { return nil }
        self.value = value
    }
}

extension IPv4Address: TextCodable {
    var codingText: String { description }
}
