/// `--label KEY=VALUE` values, as Docker's CLI reads them: KEY alone is an empty value, an empty
/// KEY is refused (a flag error, 125).
enum LabelArguments {
    static func parse(_ labels: [String]) throws -> [String: String] {
        var map: [String: String] = [:]
        for label in labels {
            let parts = label.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard !parts[0].allSatisfy({ $0 == " " || $0 == "\t" }) else { throw UsageError("invalid label '\(label)': empty name") }
            map[parts[0]] = parts.count == 2 ? parts[1] : ""
        }
        return map
    }
}
