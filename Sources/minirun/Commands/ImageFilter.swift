import Glibc
import Runtime

/// `images --filter KEY=VALUE`, Docker's keys with its rules (its daemon's image listing): every
/// key given must match; several values of `reference` match any of them, of `label` all of them;
/// of `before` and `since` the last counts. An unknown key or a dangling value other than true or
/// false is Docker's "Invalid filter" (status 1), an image `before`/`since` names that is not
/// there "No such image" (status 1), a filter without "=" a flag error (125).
struct ImageFilter {
    var dangling: Bool?
    var references: [String] = []
    var labels: [String] = []
    /// Only images created before this time (`before=IMAGE`), or after it (`since=IMAGE`).
    var before: Timestamp?
    var since: Timestamp?

    init(_ filters: [String], store: ImageStore) throws {
        var danglingValues: [String] = []
        for filter in filters {
            let (key, value) = try FilterArgument.split(filter)
            switch key {
            case "dangling": danglingValues.append(value)
            case "reference": references.append(value)
            case "label": labels.append(value)
            case "before": before = try store.created(value)
            case "since": since = try store.created(value)
            default: throw RuntimeError(.invalidArgument, "Invalid filter '\(Identifiers.printable(key))'")
            }
        }
        if !danglingValues.isEmpty {
            // As Docker's: "true" among the values wins, then "false"; anything else alone is invalid.
            if danglingValues.contains("true") {
                dangling = true
            } else if danglingValues.contains("false") {
                dangling = false
            } else {
                throw RuntimeError(.invalidArgument, "Invalid filter 'dangling=[\(Identifiers.printable(danglingValues.joined(separator: " ")))]'")
            }
        }
    }

    /// A dangling row is an image with no name; a reference pattern is a glob over NAME or
    /// NAME:TAG, '*' not crossing '/' (Go's path.Match, as Docker's FamiliarMatch); a label filter
    /// is KEY (present) or KEY=VALUE (present with that value).
    func matches(_ image: ImageListing) -> Bool {
        let record = image.record
        if let dangling, dangling != (record.repository == ImageRecord.none) { return false }
        if let before, image.created >= before { return false }
        if let since, image.created <= since { return false }
        guard labels.allSatisfy({ FilterArgument.label($0, matches: image.labels) }) else { return false }
        if references.isEmpty { return true }
        guard record.repository != ImageRecord.none else { return false }
        let names = [record.repository] + [record.isUntagged ? record.digestReference : record.reference.description].compactMap { $0 }
        return references.contains { pattern in names.contains { fnmatch(pattern, $0, FNM_PATHNAME) == 0 } }
    }
}
