import Runtime

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

    /// A --label-file's labels: a KEY=VALUE a line; empty lines and lines starting with # are skipped.
    static func lines(ofFile path: String) throws -> [String] {
        guard let text = try FileSystem.readString(path) else {
            throw RuntimeError(.invalidArgument, "open \(Identifiers.printable(path)): no such file or directory")
        }
        return text.split(separator: "\n", omittingEmptySubsequences: true).map { String($0.drop { $0 == " " || $0 == "\t" }) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }
}
