/// Compact JSON written straight into bytes, for values that need one exact form (names of cache
/// files) and must be cheap to produce on every run: no intermediate strings, no Foundation.
/// Callers write the fields of an object in a fixed order and leave out those that are unset.
public struct CanonicalJSON {
    public private(set) var bytes: [UInt8] = []
    /// Per open object or array: whether the next member needs a comma before it.
    private var separate: [Bool] = []

    public init() {
        bytes.reserveCapacity(16384)
    }

    public mutating func object(_ body: (inout CanonicalJSON) -> Void) {
        open(UInt8(ascii: "{"))
        body(&self)
        close(UInt8(ascii: "}"))
    }

    public mutating func array<T>(_ items: [T], _ element: (inout CanonicalJSON, T) -> Void) {
        open(UInt8(ascii: "["))
        for item in items {
            member()
            element(&self, item)
        }
        close(UInt8(ascii: "]"))
    }

    /// `"key":` inside an object, the value to follow.
    public mutating func key(_ name: String) {
        member()
        string(name)
        bytes.append(UInt8(ascii: ":"))
    }

    public mutating func number(_ value: some BinaryInteger) {
        bytes.append(contentsOf: String(value).utf8)
    }

    /// A JSON string: quotes, backslashes and control characters escaped, other bytes as they are.
    public mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(byte)
            case 0..<0x20:
                bytes.append(contentsOf: "\\u00".utf8)
                bytes.append(Self.hexDigits[Int(byte >> 4)])
                bytes.append(Self.hexDigits[Int(byte & 15)])
            default:
                bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private mutating func open(_ bracket: UInt8) {
        bytes.append(bracket)
        separate.append(false)
    }

    private mutating func close(_ bracket: UInt8) {
        bytes.append(bracket)
        separate.removeLast()
    }

    private mutating func member() {
        if separate[separate.count - 1] { bytes.append(UInt8(ascii: ",")) }
        separate[separate.count - 1] = true
    }
}
