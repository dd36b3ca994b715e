import JSONCodec

/// JSON values printed as Go's fmt prints what encoding/json decodes into (string, int, float64,
/// bool, nil, []interface{}, map[string]interface{}): "[a b]", "map[k:v]" with sorted keys, and
/// fmt's "%!d(string=abc)" for a verb that does not fit the value.
enum GoFormat {
    /// What an action such as `{{.X}}` prints: text/template shows a missing or null value as
    /// "<no value>"; inside arrays and maps fmt shows it as "<nil>".
    static func action(_ value: JSONValue) -> String {
        value == .null ? "<no value>" : format(value, verb: "v")
    }

    /// One operand under one of the verbs v, s, d, q. Arrays and maps apply the verb to each
    /// element, as fmt does.
    static func format(_ value: JSONValue, verb: Unicode.Scalar) -> String {
        switch value {
        case .null:
            return verb == "v" ? "<nil>" : "%!\(verb)(<nil>)"
        case .array(let elements):
            return "[" + elements.map { format($0, verb: verb) }.joined(separator: " ") + "]"
        case .object(let object):
            let pairs = object.sortedPairs.map { format(.string($0.key), verb: verb) + ":" + format($0.value, verb: verb) }
            return "map[" + pairs.joined(separator: " ") + "]"
        case .string(let text):
            if verb == "v" || verb == "s" { return text }
            return verb == "q" ? GoQuote.quote(text) : badVerb(verb, value)
        case .integer(let number):
            if verb == "v" || verb == "d" { return String(number) }
            if verb == "q", number >= 0, number <= 0x10FFFF {
                return GoQuote.quote(String(Unicode.Scalar(UInt32(number)) ?? "\u{FFFD}"), delimiter: "'")
            }
            return badVerb(verb, value)
        case .double(let number):
            return verb == "v" ? GoFloat.special(number) ?? GoFloat.formatV(number) : badVerb(verb, value)
        case .bool(let flag):
            return verb == "v" ? String(flag) : badVerb(verb, value)
        }
    }

    /// The Go type a value decodes into, as error messages and bad verbs name it.
    static func typeName(_ value: JSONValue) -> String {
        switch value {
        case .null: "<nil>"
        case .bool: "bool"
        case .integer: "int"
        case .double: "float64"
        case .string: "string"
        case .array: "[]interface {}"
        case .object: "map[string]interface {}"
        }
    }

    /// "%!d(string=abc)".
    static func badVerb(_ verb: Unicode.Scalar, _ value: JSONValue) -> String {
        "%!\(verb)(\(typeName(value))=\(format(value, verb: "v")))"
    }
}
