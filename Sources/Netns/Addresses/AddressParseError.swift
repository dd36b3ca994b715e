/// Why a string is not a valid IPv4 address, IPv4 network or MAC address.
public enum AddressParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Not four dotted decimal numbers from 0 to 255 (leading zeros are refused: they read as octal elsewhere).
    case invalidIPv4Address(String)
    /// Not of the form `ADDRESS/PREFIX`.
    case invalidCIDR(String)
    /// The prefix length is not a number from 0 to 32.
    case invalidPrefixLength(String)
    /// The address has bits set after the prefix; `expected` is the network the user probably meant.
    case hostBitsSet(String, expected: IPv4Network)
    /// Not six colon-separated pairs of hex digits.
    case invalidMACAddress(String)

    public var description: String {
        switch self {
        case .invalidIPv4Address(let text):
            return "invalid IPv4 address \"\(text)\""
        case .invalidCIDR(let text):
            return "invalid subnet \"\(text)\": expected ADDRESS/PREFIX such as 172.17.0.0/16"
        case .invalidPrefixLength(let text):
            return "invalid subnet \"\(text)\": the prefix length must be a number from 0 to 32"
        case .hostBitsSet(let text, let expected):
            // Docker (moby >= 25) refuses such subnets with this same wording.
            return "invalid subnet \(text): it should be \(expected)"
        case .invalidMACAddress(let text):
            return "invalid MAC address \"\(text)\": expected six hex pairs such as 02:42:ac:11:00:02"
        }
    }
}
