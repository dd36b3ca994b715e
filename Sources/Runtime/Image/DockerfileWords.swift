/// The word rules of a Dockerfile instruction's arguments, as Docker's shell lexer applies them:
/// `split` cuts a line at blanks outside quotes (keeping the quotes), `process` removes the quotes and
/// escapes of one word and expands `$NAME`, `${NAME}`, `${NAME:-default}` and `${NAME:+alternative}`
/// from the environment the image has so far (a name not set is empty, as in Docker).
public enum DockerfileWords {
    /// "a 'b c' d\ e" -> ["a", "'b c'", "d\ e"]: blanks inside quotes or after a backslash do not split.
    public static func split(_ text: String) -> [String] {
        var words: [String] = []
        var word = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for character in text {
            if escaped {
                word.append(character)
                escaped = false
                continue
            }
            if let open = quote {
                if character == "\\" && open == "\"" { escaped = true }
                if character == open { quote = nil }
                word.append(character)
                continue
            }
            if character == " " || character == "\t" {
                if inWord { words.append(word) }
                word = ""
                inWord = false
                continue
            }
            inWord = true
            if character == "\\" { escaped = true }
            if character == "\"" || character == "'" { quote = character }
            word.append(character)
        }
        if inWord { words.append(word) }
        return words
    }

    /// One word with its quotes and escapes removed and its variables expanded. `environment` holds
    /// "NAME=value" entries; the last one of a name counts.
    public static func process(_ word: String, environment: [String]) throws -> String {
        var scanner = WordScanner(characters: Array(word), environment: environment)
        return try scanner.word(until: nil)
    }
}

/// The scanner behind `DockerfileWords.process`: one pass, nested for `${NAME:-word}`.
private struct WordScanner {
    let characters: [Character]
    let environment: [String]
    var index = 0

    init(characters: [Character], environment: [String]) {
        self.characters = characters
        self.environment = environment
    }

    /// Reads up to `terminator` (consumed) or the end.
    mutating func word(until terminator: Character?) throws -> String {
        var result = ""
        while index < characters.count {
            let character = characters[index]
            index += 1
            if character == terminator { return result }
            switch character {
            case "\\":
                if index < characters.count {
                    result.append(characters[index])
                    index += 1
                } else {
                    result.append(character)
                }
            case "'":
                while index < characters.count, characters[index] != "'" {
                    result.append(characters[index])
                    index += 1
                }
                guard index < characters.count else { throw RuntimeError(.invalidArgument, "unexpected end of statement while looking for matching single-quote") }
                index += 1
            case "\"":
                result += try doubleQuoted()
            case "$":
                result += try variable()
            default:
                result.append(character)
            }
        }
        if let terminator { throw RuntimeError(.invalidArgument, "missing '\(terminator)' in \(Identifiers.printable(String(characters)))") }
        return result
    }

    /// After an opening double quote: a backslash escapes only `"`, `$` and itself; variables expand.
    private mutating func doubleQuoted() throws -> String {
        var result = ""
        while index < characters.count {
            let character = characters[index]
            index += 1
            switch character {
            case "\"":
                return result
            case "\\" where index < characters.count && "\"$\\".contains(characters[index]):
                result.append(characters[index])
                index += 1
            case "$":
                result += try variable()
            default:
                result.append(character)
            }
        }
        throw RuntimeError(.invalidArgument, "unexpected end of statement while looking for matching double-quote")
    }

    /// After a `$`: a name, `{NAME}` or `{NAME:-word}` / `{NAME:+word}`; a lone `$` stays.
    private mutating func variable() throws -> String {
        guard index < characters.count else { return "$" }
        if characters[index] != "{" {
            let name = readName()
            return name.isEmpty ? "$" : value(of: name) ?? ""
        }
        index += 1
        let name = readName()
        guard !name.isEmpty, index < characters.count else {
            throw RuntimeError(.invalidArgument, "bad substitution in \(Identifiers.printable(String(characters)))")
        }
        let operation = characters[index]
        index += 1
        if operation == "}" { return value(of: name) ?? "" }
        guard operation == ":", index < characters.count, characters[index] == "-" || characters[index] == "+" else {
            throw RuntimeError(.invalidArgument, "unsupported modifier in ${\(name)...}: only :- and :+")
        }
        let useDefault = characters[index] == "-"
        index += 1
        let word = try word(until: "}")
        let current = value(of: name) ?? ""
        if useDefault { return current.isEmpty ? word : current }
        return current.isEmpty ? "" : word
    }

    private mutating func readName() -> String {
        var name = ""
        while index < characters.count, characters[index].isLetter || characters[index].isNumber || characters[index] == "_",
              characters[index].isASCII {
            name.append(characters[index])
            index += 1
        }
        return name
    }

    private func value(of name: String) -> String? {
        environment.last { $0.hasPrefix(name + "=") }.map { String($0.dropFirst(name.count + 1)) }
    }
}
