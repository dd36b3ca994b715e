/// JSON as docker writes it: Go's encoding/json through an Encoder with SetEscapeHTML(false) (so "<",
/// ">" and "&" stay as they are), object keys in stored order. Compact as the `json` template
/// function prints it (the encoder's trailing newline trimmed), or indented as `inspect` prints it
/// (json.MarshalIndent with four spaces). Written as UTF-8 bytes: appending to a String scalar by
/// scalar made writing a container record twice as slow as Foundation's JSONEncoder.
public enum GoJSON {
    public static func encode(_ value: JSONValue, indent: String? = nil) throws -> String {
        String(decoding: try bytes(value, indent: indent), as: UTF8.self)
    }

    public static func bytes(_ value: JSONValue, indent: String? = nil) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        try write(value, to: &out, indent: indent.map { Array($0.utf8) }, depth: 0)
        return out
    }

    /// A line break and the indentation of `depth`, when indenting.
    private static func newline(_ out: inout [UInt8], _ indent: [UInt8]?, _ depth: Int) {
        guard let indent else { return }
        out.append(UInt8(ascii: "\n"))
        for _ in 0..<depth { out += indent }
    }

    private static func write(_ value: JSONValue, to out: inout [UInt8], indent: [UInt8]?, depth: Int) throws {
        switch value {
        case .null:
            out += "null".utf8
        case .bool(let flag):
            out += (flag ? "true" : "false").utf8
        case .integer(let number):
            out += String(number).utf8
        case .double(let number):
            if let special = GoFloat.special(number) { throw JSONWriteError("json: unsupported value: \(special)") }
            out += GoFloat.formatJSON(number).utf8
        case .string(let text):
            quote(text, into: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(&out, indent, depth + 1)
                try write(element, to: &out, indent: indent, depth: depth + 1)
            }
            if !elements.isEmpty { newline(&out, indent, depth) }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            for (i, pair) in object.pairs.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(&out, indent, depth + 1)
                quote(pair.key, into: &out)
                out.append(UInt8(ascii: ":"))
                if indent != nil { out.append(UInt8(ascii: " ")) }
                try write(pair.value, to: &out, indent: indent, depth: depth + 1)
            }
            if object.count > 0 { newline(&out, indent, depth) }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Go's escapes: the short forms it knows, \u00XX for other control characters, and U+2028 and
    /// U+2029 always (they end lines in JavaScript). A String is valid UTF-8, so every other byte is
    /// copied as it is; those two are E2 80 A8 and E2 80 A9, replaced once their last byte comes.
    private static func quote(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var lastTwo: (UInt8, UInt8) = (0, 0)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += #"\""#.utf8
            case UInt8(ascii: "\\"): out += #"\\"#.utf8
            case 0x08: out += #"\b"#.utf8
            case 0x0C: out += #"\f"#.utf8
            case 0x0A: out += #"\n"#.utf8
            case 0x0D: out += #"\r"#.utf8
            case 0x09: out += #"\t"#.utf8
            case 0..<0x20:
                out += #"\u00"#.utf8
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 15)])
            case 0xA8...0xA9 where lastTwo == (0xE2, 0x80):
                out.removeLast(2)
                out += (byte == 0xA8 ? #"\u2028"# : #"\u2029"#).utf8
            default:
                out.append(byte)
            }
            lastTwo = (lastTwo.1, byte)
        }
        out.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
