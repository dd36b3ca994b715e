import Runtime

/// Typed values out of a node, each failure one line naming where it is and what was expected.
extension ComposeNode {
    func fail(_ path: String, _ problem: String) -> RuntimeError {
        RuntimeError(.invalidArgument, "\(position): \(path): \(problem)")
    }

    /// A scalar as text (a number or boolean as written); null is refused.
    func string(_ path: String) throws -> String {
        guard let text else { throw fail(path, isNull ? "a value is required" : "must be a string") }
        return text
    }

    func int(_ path: String) throws -> Int {
        guard let text = self.text, let value = Int(text) else { throw fail(path, "must be an integer") }
        return value
    }

    func bool(_ path: String) throws -> Bool {
        switch text?.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw fail(path, "must be a boolean")
        }
    }

    /// One string or a list of strings, as a list.
    func strings(_ path: String) throws -> [String] {
        if let items { return try items.enumerated().map { try $1.string("\(path)[\($0)]") } }
        return [try string(path)]
    }

    /// A command: a list as it is, a string split into words as a shell would, without running one.
    func words(_ path: String) throws -> [String] {
        if items != nil { return try strings(path) }
        do { return try ShellWords.split(try string(path)) } catch let error as RuntimeError { throw fail(path, error.message) }
    }

    /// A list of `KEY=VALUE` or a mapping, as name to value (nil for a name without one).
    func keyValues(_ path: String) throws -> [(key: String, value: String?)] {
        guard case .map(let entries, _) = asMapping() else { throw fail(path, "must be a mapping or a list") }
        return try entries.map { entry in (entry.key, entry.value.isNull ? nil : try entry.value.string("\(path).\(entry.key)")) }
    }

    /// `keyValues` as a mapping, a name without a value mapped to "" (labels, sysctls, options).
    func stringMap(_ path: String) throws -> [String: String] {
        try keyValues(path).reduce(into: [:]) { $0[$1.key] = $1.value ?? "" }
    }

    /// A Go duration ("1m30s") as whole seconds.
    func seconds(_ path: String) throws -> Int {
        guard let text, let nanoseconds = GoDuration.nanoseconds(text) ?? Int(text).map({ $0 * 1_000_000_000 }) else {
            throw fail(path, "must be a duration such as 10s or 1m30s")
        }
        return nanoseconds / 1_000_000_000
    }
}

/// A string command split as `sh` would split it (quotes and backslashes), nothing expanded.
enum ShellWords {
    static func split(_ text: String) throws -> [String] {
        var words: [String] = []
        var word = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for character in text {
            if escaped {
                word.append(character)
                escaped = false
            } else if let open = quote {
                if character == open {
                    quote = nil
                } else if character == "\\" && open == "\"" {
                    escaped = true
                } else {
                    word.append(character)
                }
            } else if character == " " || character == "\t" || character == "\n" {
                if inWord { words.append(word) }
                word = ""
                inWord = false
            } else {
                inWord = true
                if character == "\\" {
                    escaped = true
                } else if character == "\"" || character == "'" {
                    quote = character
                } else {
                    word.append(character)
                }
            }
        }
        if quote != nil { throw RuntimeError(.invalidArgument, "unterminated quote in \"\(text)\"") }
        if inWord { words.append(word) }
        return words
    }
}
