import Runtime

/// `image prune --filter KEY=VALUE`, Docker's keys: `until` (a time or a duration: images created
/// before it), `label` (KEY or KEY=VALUE: images that have it) and `label!` (images that do not),
/// and `dangling` (false is -a). Several label filters must all hold. An unknown key is Docker's
/// "Invalid filter" (status 1), a filter without "=" a flag error (125).
struct ImagePruneFilter {
    var until: Timestamp?
    var labels: [String] = []
    var absentLabels: [String] = []
    /// Whether only dangling images go: true unless -a or dangling=false.
    var danglingOnly: Bool

    init(_ filters: [String], all: Bool, now: Timestamp) throws {
        danglingOnly = !all
        for filter in filters {
            let (key, value) = try FilterArgument.split(filter)
            switch key {
            case "until": until = try LogTimeParser.parse(value, now: now)
            case "label": labels.append(value)
            case "label!": absentLabels.append(value)
            case "dangling":
                // Go's strconv.ParseBool, as Docker reads this one.
                switch value {
                case "1", "t", "T", "true", "TRUE", "True": danglingOnly = true
                case "0", "f", "F", "false", "FALSE", "False": danglingOnly = false
                default: throw RuntimeError(.invalidArgument, "Invalid filter 'dangling=\(Identifiers.printable(value))'")
                }
            default: throw RuntimeError(.invalidArgument, "Invalid filter '\(Identifiers.printable(key))'")
            }
        }
    }

    /// Whether no filter chooses among the images (then their configs need not be read).
    var choosesAll: Bool { until == nil && labels.isEmpty && absentLabels.isEmpty }

    func matches(_ image: ImageListing) -> Bool {
        if let until, image.created >= until { return false }
        let has = { FilterArgument.label($0, matches: image.labels) }
        return labels.allSatisfy(has) && !absentLabels.contains(where: has)
    }
}
