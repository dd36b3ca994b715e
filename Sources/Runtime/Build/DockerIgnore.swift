/// The .dockerignore of a build's context, with Docker's rules: one pattern a line, `#` comments,
/// Go's filepath.Match syntax (`*`, `?`, `[a-z]`, `\` escapes) plus `**` for any number of
/// directories, a leading `/` ignored; a path is left out when the last pattern that matches it,
/// or one of its parent directories, is not a `!` exception.
struct DockerIgnore {
    struct Pattern {
        var parts: [String]
        var exception: Bool
    }

    let patterns: [Pattern]

    init(_ text: String) {
        var patterns: [Pattern] = []
        for rawLine in text.split(separator: "\n") {
            var line = rawLine.trimmingBlanks
            if line.hasSuffix("\r") { line = line.dropLast() }
            if line.isEmpty || line.hasPrefix("#") { continue }
            let exception = line.hasPrefix("!")
            if exception { line = line.dropFirst().trimmingBlanks }
            let parts = line.split(separator: "/").map(String.init).filter { $0 != "." && !$0.isEmpty }
            if parts.isEmpty { continue }
            patterns.append(Pattern(parts: parts, exception: exception))
        }
        self.patterns = patterns
    }

    /// `path` relative to the context, "dir/file".
    func excludes(_ path: String) -> Bool {
        let parts = path.split(separator: "/").map(String.init)
        var excluded = false
        for pattern in patterns {
            // The path or one of its parent directories.
            let matches = (1...max(1, parts.count)).contains { Self.match(pattern.parts[...], Array(parts.prefix($0))[...]) }
            if matches { excluded = !pattern.exception }
        }
        return excluded
    }

    /// Pattern segments against path segments; `**` takes any number of segments.
    static func match(_ pattern: ArraySlice<String>, _ path: ArraySlice<String>) -> Bool {
        guard let first = pattern.first else { return path.isEmpty }
        if first == "**" {
            for skip in 0...path.count where match(pattern.dropFirst(), path.dropFirst(skip)) { return true }
            return false
        }
        guard let segment = path.first, matchSegment(Array(first)[...], Array(segment)[...]) else { return false }
        return match(pattern.dropFirst(), path.dropFirst())
    }

    /// One name against one segment of a pattern: `*`, `?`, `[...]` (with `^` or `!` negation and ranges), `\x`.
    static func matchSegment(_ pattern: ArraySlice<Character>, _ name: ArraySlice<Character>) -> Bool {
        guard let p = pattern.first else { return name.isEmpty }
        switch p {
        case "*":
            for skip in 0...name.count where matchSegment(pattern.dropFirst(), name.dropFirst(skip)) { return true }
            return false
        case "?":
            return !name.isEmpty && matchSegment(pattern.dropFirst(), name.dropFirst())
        case "[":
            guard let c = name.first, let close = pattern.dropFirst(2).firstIndex(of: "]") else { return false }
            var set = pattern[pattern.index(after: pattern.startIndex)..<close]
            let negated = set.first == "^" || set.first == "!"
            if negated { set = set.dropFirst() }
            var found = false
            var items = Array(set)
            while !items.isEmpty {
                if items.count >= 3 && items[1] == "-" {
                    if items[0] <= c && c <= items[2] { found = true }
                    items.removeFirst(3)
                } else {
                    if items[0] == c { found = true }
                    items.removeFirst()
                }
            }
            return found != negated && matchSegment(pattern[pattern.index(after: close)...], name.dropFirst())
        case "\\" where pattern.count > 1:
            let escaped = pattern[pattern.index(after: pattern.startIndex)]
            return name.first == escaped && matchSegment(pattern.dropFirst(2), name.dropFirst())
        default:
            return name.first == p && matchSegment(pattern.dropFirst(), name.dropFirst())
        }
    }
}
