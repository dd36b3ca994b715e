import ArgumentParser
import FoundationEssentials
import GoTemplate
import Runtime

/// `--format table|json`: docker's table, or one JSON object per line with docker's field names.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table
    case json

    /// An indented JSON document, as `inspect` prints.
    static func prettyJSON<T: Encodable>(_ value: T) throws -> String {
        try JSONValue(encoding: value).indentedJSON()
    }

    static func jsonLines<T: Encodable>(_ items: [T]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try items.map { String(decoding: try encoder.encode($0), as: UTF8.self) + "\n" }.joined()
    }
}
