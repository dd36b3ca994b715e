import Runtime

/// The compose specification's interpolation of `$` in values: `$V` and `${V}`, `${V:-default}` (unset
/// or empty), `${V-default}` (unset), `${V:+other}` / `${V+other}`, `${V:?message}` / `${V?message}`
/// (an error with the message), and `$$` for a literal `$`. Defaults are interpolated in turn.
struct Interpolation {
    /// A variable's value: the shell's, else the .env file's; nil when it is not set.
    var lookup: (String) -> String?
    /// Variables used without a value and without a default, which Compose warns about.
    private(set) var unset: [String] = []

    init(lookup: @escaping (String) -> String?) {
        self.lookup = lookup
    }

    mutating func interpolate(_ text: String) throws -> String {
        guard text.contains("$") else { return text }
        var output = ""
        var rest = Substring(text)
        while let dollar = rest.firstIndex(of: "$") {
            output += rest[..<dollar]
            rest = rest[rest.index(after: dollar)...]
            guard let next = rest.first else {
                output += "$"
                break
            }
            if next == "$" {
                output += "$"
                rest = rest.dropFirst()
            } else if next == "{" {
                guard let close = Self.matchingBrace(in: rest) else {
                    throw RuntimeError(.invalidArgument, "invalid interpolation format for \"\(text)\": missing }")
                }
                output += try expand(String(rest[rest.index(after: rest.startIndex)..<close]), in: text)
                rest = rest[rest.index(after: close)...]
            } else if Self.isNameStart(next) {
                let name = rest.prefix { Self.isNameStart($0) || $0.isASCII && $0.isNumber }
                output += value(of: String(name))
                rest = rest.dropFirst(name.count)
            } else {
                throw RuntimeError(.invalidArgument, "invalid interpolation format for \"\(text)\": use $$ for a literal $")
            }
        }
        return output + rest
    }

    /// The closing brace of the `${` at the start of `text`, nested braces counted.
    private static func matchingBrace(in text: Substring) -> Substring.Index? {
        var depth = 0
        for index in text.indices {
            if text[index] == "{" { depth += 1 }
            if text[index] == "}" {
                depth -= 1
                if depth == 0 { return index }
            }
        }
        return nil
    }

    private static func isNameStart(_ character: Character) -> Bool {
        character == "_" || character.isASCII && character.isLetter
    }

    private mutating func value(of name: String) -> String {
        if let value = lookup(name) { return value }
        if !unset.contains(name) { unset.append(name) }
        return ""
    }

    /// The inside of `${...}`: a name, then nothing or an operator and its word.
    private mutating func expand(_ body: String, in text: String) throws -> String {
        let name = String(body.prefix { Self.isNameStart($0) || $0.isASCII && $0.isNumber })
        guard !name.isEmpty, let first = name.first, Self.isNameStart(first) else {
            throw RuntimeError(.invalidArgument, "invalid interpolation format for \"\(text)\": bad variable name in ${\(body)}")
        }
        var operation = body.dropFirst(name.count)
        if operation.isEmpty { return value(of: name) }
        let colon = operation.first == ":"
        if colon { operation = operation.dropFirst() }
        guard let symbol = operation.first, "-?+".contains(symbol) else {
            throw RuntimeError(.invalidArgument, "invalid interpolation format for \"\(text)\": unknown operator in ${\(body)}")
        }
        let word = String(operation.dropFirst())
        let current = lookup(name)
        let present = colon ? !(current ?? "").isEmpty : current != nil
        switch symbol {
        case "-":
            return present ? current ?? "" : try interpolate(word)
        case "+":
            return present ? try interpolate(word) : ""
        default:
            if present { return current ?? "" }
            let message = try interpolate(word)
            throw RuntimeError(.invalidArgument, "required variable \(name) is missing a value" + (message.isEmpty ? "" : ": \(message)"))
        }
    }
}

extension ComposeNode {
    /// Every scalar of the tree interpolated (keys are not, as in Compose).
    func interpolated(_ interpolation: inout Interpolation) throws -> ComposeNode {
        switch self {
        case .scalar(let text, let isNull, let position):
            do {
                return .scalar(try interpolation.interpolate(text), isNull: isNull, position)
            } catch let error as RuntimeError {
                throw RuntimeError(.invalidArgument, "\(position): \(error.message)")
            }
        case .list(let items, let position):
            return .list(try items.map { try $0.interpolated(&interpolation) }, position)
        case .map(let entries, let position):
            return .map(try entries.map { ($0.key, try $0.value.interpolated(&interpolation), $0.at) }, position)
        }
    }
}
