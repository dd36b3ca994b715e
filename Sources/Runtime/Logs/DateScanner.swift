/// Reads the fixed-width pieces of a date such as "2026-11-27T04:00:54.5+01:00" from left to right.
struct DateScanner {
    private let bytes: [UInt8]
    private var position = 0

    init(_ text: String) {
        bytes = Array(text.utf8)
    }

    var atEnd: Bool { position == bytes.count }

    /// Moves past `character` when it comes next.
    mutating func skip(_ character: Unicode.Scalar) -> Bool {
        guard position < bytes.count, bytes[position] == UInt8(character.value) else { return false }
        position += 1
        return true
    }

    /// Exactly `count` digits as a number.
    mutating func digits(_ count: Int) -> Int? {
        guard position + count <= bytes.count, bytes[position..<(position + count)].allSatisfy(isDigit) else { return nil }
        defer { position += count }
        return Int(String(decoding: bytes[position..<(position + count)], as: UTF8.self))
    }

    /// All the digits that come next, possibly none.
    mutating func digitRun() -> String {
        let start = position
        while position < bytes.count && isDigit(bytes[position]) { position += 1 }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    /// +1 or -1 for a sign that comes next.
    mutating func sign() -> Int? {
        if skip("+") { return 1 }
        if skip("-") { return -1 }
        return nil
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
