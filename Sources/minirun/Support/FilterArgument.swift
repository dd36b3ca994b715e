/// A `--filter KEY=VALUE` of images and image prune, and the label filters of every command.
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
}
