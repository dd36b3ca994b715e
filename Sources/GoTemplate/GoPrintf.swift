import JSONCodec

/// fmt.Sprintf, fmt.Sprint and fmt.Sprintln for template values. printf knows the verbs %v %s %d
/// %q and %%; anything else (flags, widths, other verbs) is refused rather than printed wrong.
enum GoPrintf {
    static func sprintf(_ format: String, _ arguments: [JSONValue]) throws -> String {
        var out = ""
        var next = 0
        var scalars = format.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            guard scalar == "%" else {
                out.unicodeScalars.append(scalar)
                continue
            }
            guard let verb = scalars.next() else {
                out += "%!(NOVERB)"
                break
            }
            switch verb {
            case "%":
                out += "%"
            case "v", "s", "d", "q":
                if next < arguments.count {
                    out += GoFormat.format(arguments[next], verb: verb)
                    next += 1
                } else {
                    out += "%!\(verb)(MISSING)"
                }
            default:
                throw TemplateError("unsupported verb %\(verb) in \(GoQuote.quote(format)) (only %v %s %d %q and %%)")
            }
        }
        if next < arguments.count {
            let extra = arguments[next...].map { $0 == .null ? "<nil>" : GoFormat.typeName($0) + "=" + GoFormat.format($0, verb: "v") }
            out += "%!(EXTRA " + extra.joined(separator: ", ") + ")"
        }
        return out
    }

    /// fmt.Sprint: a space between two operands when neither is a string.
    static func sprint(_ arguments: [JSONValue]) -> String {
        var out = ""
        for (i, argument) in arguments.enumerated() {
            if i > 0, !isString(argument), !isString(arguments[i - 1]) { out += " " }
            out += GoFormat.format(argument, verb: "v")
        }
        return out
    }

    /// fmt.Sprintln: spaces between all operands and a newline after them.
    static func sprintln(_ arguments: [JSONValue]) -> String {
        arguments.map { GoFormat.format($0, verb: "v") }.joined(separator: " ") + "\n"
    }

    private static func isString(_ value: JSONValue) -> Bool {
        if case .string = value { return true }
        return false
    }
}
