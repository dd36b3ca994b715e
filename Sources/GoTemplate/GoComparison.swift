import JSONCodec

/// Truth and comparison as Go's text/template defines them for `if`, `and`, `eq`, `lt` and the
/// rest. One liberty: an int and a float64 compare by value (Go refuses to compare them), because
/// whether a Swift field became an integer or a double is invisible to the person writing `-f`.
enum GoComparison {
    /// Empty values are false: false, 0, "", [], {}, and null.
    static func isTrue(_ value: JSONValue) -> Bool {
        switch value {
        case .null: false
        case .bool(let flag): flag
        case .integer(let number): number != 0
        case .double(let number): number != 0
        case .string(let text): !text.isEmpty
        case .array(let elements): !elements.isEmpty
        case .object(let object): object.count > 0
        }
    }

    /// Null equals only null (a missing value is no error, as in Go).
    static func equal(_ a: JSONValue, _ b: JSONValue) throws -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.null, _), (_, .null): return false
        case (.bool(let x), .bool(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.integer(let x), .integer(let y)): return x == y
        case (.array, _), (.object, _): throw TemplateError("non-comparable type \(GoFormat.typeName(a))")
        case (_, .array), (_, .object): throw TemplateError("non-comparable type \(GoFormat.typeName(b))")
        default:
            guard let x = number(a), let y = number(b) else { throw TemplateError("incompatible types for comparison") }
            return x == y
        }
    }

    /// Numbers by value, strings byte by byte; nothing else has an order.
    static func less(_ a: JSONValue, _ b: JSONValue) throws -> Bool {
        switch (a, b) {
        case (.string(let x), .string(let y)): return x.utf8.lexicographicallyPrecedes(y.utf8)
        case (.integer(let x), .integer(let y)): return x < y
        case (.null, _), (.bool, _), (.array, _), (.object, _), (_, .null), (_, .bool), (_, .array), (_, .object):
            throw TemplateError("invalid type for comparison")
        default:
            guard let x = number(a), let y = number(b) else { throw TemplateError("incompatible types for comparison") }
            return x < y
        }
    }

    private static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .integer(let number): Double(number)
        case .double(let number): number
        default: nil
        }
    }
}
