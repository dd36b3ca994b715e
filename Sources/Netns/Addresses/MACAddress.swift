/// A 48-bit Ethernet (MAC) address such as 02:42:ac:11:00:02.
public struct MACAddress: Hashable, Sendable {
    /// The six bytes in wire order.
    public let bytes: [UInt8]

    /// nil unless exactly six bytes.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 6 else { return nil }
        self.bytes = Array(bytes)
    }

    /// Parses six colon-separated hex pairs, either case.
    public init(parsing text: String) throws(AddressParseError) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 6 else { throw .invalidMACAddress(text) }
        var bytes: [UInt8] = []
        for part in parts {
            guard part.utf8.count == 2, part.utf8.allSatisfy({ $0 < 0x80 && Character(Unicode.Scalar($0)).isHexDigit }),
                  let byte = UInt8(part, radix: 16)
            else { throw .invalidMACAddress(text) }
            bytes.append(byte)
        }
        self.bytes = bytes
    }

    /// A random unicast address with the locally-administered bit set, as the kernel picks for veth and bridges.
    public static func randomLocal() -> MACAddress {
        var generator = SystemRandomNumberGenerator()
        var bytes = (0..<6).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes[0] = (bytes[0] & 0xFC) | 0x02
        return MACAddress(bytes: bytes)!
    }

    /// Whether the locally-administered bit (0x02 of the first byte) is set.
    public var isLocallyAdministered: Bool { bytes[0] & 0x02 != 0 }

    /// Whether the group bit (0x01 of the first byte) is set; such an address cannot be an interface's own.
    public var isMulticast: Bool { bytes[0] & 0x01 != 0 }
}

extension MACAddress: CustomStringConvertible, LosslessStringConvertible {
    /// Lower-case colon form, e.g. "02:42:ac:11:00:02".
    public var description: String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined(separator: ":")
    }

    public init?(_ description: String) {
        guard let address = try? MACAddress(parsing: description) else { return nil }
        self = address
    }
}

extension MACAddress: TextCodable {
    var codingText: String { description }
}
