/// JSON as docker writes it: Go's encoding/json through an Encoder with SetEscapeHTML(false) (so "<",
/// ">" and "&" stay as they are), object keys in stored order. Compact as the `json` template
/// function prints it (the encoder's trailing newline trimmed), or indented as `inspect` prints it
/// (json.MarshalIndent with four spaces).
public enum GoJSON {
    public static func encode(_ value: JSONValue, indent: String? = nil) throws -> String {
        var out = ""
        try write(value, to: &out, indent: indent, depth: 0)
        return out
    }

    /// A line break and the indentation of `depth`, when indenting.
    private static func newline(_ out: inout String, _ indent: String?, _ depth: Int) {
        guard let indent else { return }
        out += "\n" + String(repeating: indent, count: depth)
    }

    private static func write(_ value: JSONValue, to out: inout String, indent: String?, depth: Int) throws {
        switch value {
        case .null:
            out += "null"
        case .bool(let flag):
            out += flag ? "true" : "false"
        case .integer(let number):
            out += String(number)
        case .double(let number):
            if let special = GoFloat.special(number) { throw JSONWriteError("json: unsupported value: \(special)") }
            out += GoFloat.formatJSON(number)
        case .string(let text):
            quote(text, into: &out)
        case .array(let elements):
            out += "["
            for (i, element) in elements.enumerated() {
                if i > 0 { out += "," }
                newline(&out, indent, depth + 1)
                try write(element, to: &out, indent: indent, depth: depth + 1)
            }
            if !elements.isEmpty { newline(&out, indent, depth) }
            out += "]"
        case .object(let object):
            out += "{"
            for (i, pair) in object.pairs.enumerated() {
                if i > 0 { out += "," }
                newline(&out, indent, depth + 1)
                quote(pair.key, into: &out)
                out += indent == nil ? ":" : ": "
                try write(pair.value, to: &out, indent: indent, depth: depth + 1)
            }
            if !object.pairs.isEmpty { newline(&out, indent, depth) }
            out += "}"
        }
    }

    /// Go's escapes: the short forms it knows, \u00XX for other control characters, and U+2028 and
    /// U+2029 always (they end lines in JavaScript).
    private static func quote(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{8}": out += "\\b"
            case "\u{C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{2028}", "\u{2029}": out += "\\u" + String(scalar.value, radix: 16)
            default:
                if scalar.value < 0x20 {
                    out += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
