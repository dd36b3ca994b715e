import Runtime

/// A `--filter KEY=VALUE` of images and image prune, and the matches every command's filters share.
enum FilterArgument {
    /// KEY and VALUE (which may be empty); a filter without "=" is docker's flag error (125).
    static func split(_ filter: String) throws -> (key: String, value: String) {
        let parts = filter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 else { throw UsageError("bad format of filter (expected name=value): \(filter)") }
        return (parts[0], parts[1])
    }

    /// A label filter's value against an object's labels: KEY (it has the label) or KEY=VALUE (with
    /// that value).
    static func label(_ filter: String, matches labels: [String: String]) -> Bool {
        let parts = filter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard let value = labels[parts[0]] else { return false }
        return parts.count == 1 || parts[1] == value
    }

    /// A key or value Docker's daemon refuses: status 1 (a filter without "=" is the CLI's flag error, 125).
    static func refused(_ message: String) -> RuntimeError {
        RuntimeError(.invalidArgument, Identifiers.printable(message))
    }

    /// Docker's filters.Args.Match, which its name and ID filters use: the value equal to `source`, or a
    /// regular expression found anywhere in it (Go's regexp.MatchString, so `name=^web$` is exact and
    /// `name=web` a substring). A value that is no regular expression matches only itself.
    static func matches(_ value: String, _ source: String) -> Bool {
        if value == source { return true }
        guard let pattern = try? Regex(value) else { return false }
        return source.contains(pattern)
    }
}
