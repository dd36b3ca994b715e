/// Reads JSON text (RFC 8259) into a `JSONValue`: numbers without a fraction or exponent that fit
/// an Int become integers, all others doubles. Errors are `DecodingError.dataCorrupted`, saying what
/// was wrong at which byte.
struct JSONParser {
    private let bytes: [UInt8]
    private var index = 0

    /// Deeper documents are refused rather than risking the stack: minirun's files nest a few levels.
    private static let maximumDepth = 512

    static func parse(_ bytes: [UInt8]) throws -> JSONValue {
        var parser = JSONParser(bytes: bytes)
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.index == bytes.count else { throw parser.failure("unexpected data after the value") }
        return value
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private mutating func value(depth: Int) throws -> JSONValue {
        guard depth < Self.maximumDepth else { throw failure("nested too deeply") }
        skipWhitespace()
        guard index < bytes.count else { throw failure("unexpected end of the text") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw failure("unexpected character")
        }
    }

    private mutating func object(depth: Int) throws -> JSONValue {
        index += 1  // {
        var object = JSONObject()
        skipWhitespace()
        if consume(UInt8(ascii: "}")) { return .object(object) }
        repeat {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw failure("expected a key") }
            let key = try string()
            skipWhitespace()
            guard consume(UInt8(ascii: ":")) else { throw failure("expected \":\"") }
            object[key] = try value(depth: depth + 1)
            skipWhitespace()
        } while consume(UInt8(ascii: ","))
        guard consume(UInt8(ascii: "}")) else { throw failure("expected \",\" or \"}\"") }
        return .object(object)
    }

    private mutating func array(depth: Int) throws -> JSONValue {
        index += 1  // [
        var elements: [JSONValue] = []
        skipWhitespace()
        if consume(UInt8(ascii: "]")) { return .array(elements) }
        repeat {
            elements.append(try value(depth: depth + 1))
            skipWhitespace()
        } while consume(UInt8(ascii: ","))
        guard consume(UInt8(ascii: "]")) else { throw failure("expected \",\" or \"]\"") }
        return .array(elements)
    }

    /// A string from its opening quote on. Bytes other than escapes are copied as they are, so UTF-8
    /// passes through; invalid UTF-8 becomes U+FFFD.
    private mutating func string() throws -> String {
        index += 1  // "
        var utf8: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: utf8, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try escape(into: &utf8)
            case 0..<0x20:
                throw failure("control character in a string")
            default:
                utf8.append(byte)
            }
        }
        throw failure("unterminated string")
    }

    private mutating func escape(into utf8: inout [UInt8]) throws {
        guard index < bytes.count else { throw failure("unterminated string") }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(byte)
        case UInt8(ascii: "b"): utf8.append(0x08)
        case UInt8(ascii: "f"): utf8.append(0x0C)
        case UInt8(ascii: "n"): utf8.append(0x0A)
        case UInt8(ascii: "r"): utf8.append(0x0D)
        case UInt8(ascii: "t"): utf8.append(0x09)
        case UInt8(ascii: "u"): utf8.append(contentsOf: String(try escapedScalar()).utf8)
        default: throw failure("unknown escape")
        }
    }

    /// The scalar of a \u escape, whose "\u" is read: a surrogate pair is two escapes.
    private mutating func escapedScalar() throws -> Unicode.Scalar {
        let unit = try hexUnit()
        if (0xD800..<0xDC00).contains(unit) {
            guard consume(UInt8(ascii: "\\")), consume(UInt8(ascii: "u")) else { throw failure("lone surrogate") }
            let low = try hexUnit()
            guard (0xDC00..<0xE000).contains(low) else { throw failure("lone surrogate") }
            return Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))!
        }
        guard let scalar = Unicode.Scalar(unit) else { throw failure("lone surrogate") }
        return scalar
    }

    private mutating func hexUnit() throws -> UInt32 {
        let digits = bytes[index..<min(index + 4, bytes.count)]
        guard digits.count == 4, digits.allSatisfy({ Character(Unicode.Scalar($0)).isHexDigit }),
              let unit = UInt32(String(decoding: digits, as: UTF8.self), radix: 16)
        else { throw failure("expected four hexadecimal digits") }
        index += 4
        return unit
    }

    /// A number is the run of characters a number can hold, parsed by Int or Double: they refuse
    /// malformed numbers, though they let through a few that JSON does not (a leading zero or plus).
    private mutating func number() throws -> JSONValue {
        let start = index
        var integral = true
        while index < bytes.count, Self.isNumberByte(bytes[index]) {
            switch bytes[index] {
            case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): integral = false
            default: break
            }
            index += 1
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if integral, let integer = Int(text) { return .integer(integer) }
        guard let double = Double(text), double.isFinite else { throw failure("invalid number", at: start) }
        return .double(double)
    }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
             UInt8(ascii: "e"), UInt8(ascii: "E"):
            return true
        default:
            return false
        }
    }

    private mutating func literal(_ word: String, _ value: JSONValue) throws -> JSONValue {
        let utf8 = Array(word.utf8)
        guard bytes[index...].starts(with: utf8) else { throw failure("unexpected character") }
        index += utf8.count
        return value
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): index += 1
            default: return
            }
        }
    }

    private func failure(_ what: String, at position: Int? = nil) -> DecodingError {
        .dataCorrupted(.init(codingPath: [], debugDescription: "not valid JSON: \(what) at byte \(position ?? index)"))
    }
}
