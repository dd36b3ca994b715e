import Runtime

/// A `.env` file (or `--env-file`, or a service's `env_file`): `KEY=VALUE` lines, `export ` allowed in
/// front, `#` comments, values in single quotes (as written) or double quotes (with \n, \t, \" and \\),
/// an unquoted value ending at ` #`. A line with a key alone (`KEY`) takes nothing, as in Compose.
enum DotEnv {
    static func parse(_ text: String, file: String) throws -> [(key: String, value: String)] {
        var pairs: [(key: String, value: String)] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = rawLine.drop { $0 == " " || $0 == "\t" }
            if line.hasSuffix("\r") { line = line.dropLast() }
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = line.dropFirst(7).drop { $0 == " " } }
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimming(" \t")
            guard !key.isEmpty, !key.contains(where: { $0 == " " || $0 == "\t" }) else {
                throw RuntimeError(.invalidArgument, "\(file):\(index + 1): invalid variable name \"\(key)\"")
            }
            pairs.append((key, try value(line[line.index(after: equals)...], file: file, line: index + 1)))
        }
        return pairs
    }

    private static func value(_ raw: Substring, file: String, line: Int) throws -> String {
        let text = raw.drop { $0 == " " || $0 == "\t" }
        guard let quote = text.first, quote == "'" || quote == "\"" else {
            let comment = text.indices.first { text[$0] == "#" && $0 > text.startIndex && text[text.index(before: $0)] == " " }
            return text[..<(comment ?? text.endIndex)].trimming(" \t")
        }
        var value = ""
        var escaped = false
        for character in text.dropFirst() {
            if escaped {
                switch character {
                case "n": value.append("\n")
                case "t": value.append("\t")
                case "r": value.append("\r")
                default: value.append(character)
                }
                escaped = false
            } else if character == "\\" && quote == "\"" {
                escaped = true
            } else if character == quote {
                return value
            } else {
                value.append(character)
            }
        }
        throw RuntimeError(.invalidArgument, "\(file):\(line): unterminated quoted value")
    }
}

extension StringProtocol {
    /// The text without `characters` at either end.
    func trimming(_ characters: String) -> String {
        let start = firstIndex { !characters.contains($0) } ?? endIndex
        let end = lastIndex { !characters.contains($0) }.map { index(after: $0) } ?? start
        return start < end ? String(self[start..<end]) : ""
    }
}
