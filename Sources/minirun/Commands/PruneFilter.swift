import Runtime

/// The prune commands' `--filter KEY=VALUE`, Docker's keys: `until` (a time or a duration: what was
/// created before it; not for volumes), `label` (KEY or KEY=VALUE: what has it) and `label!` (what
/// does not), and for images `dangling` (false is -a). Several label filters must all hold.
/// An unknown key is Docker's "Invalid filter" (status 1), a filter without "=" a flag error (125).
struct PruneFilter {
    var until: Timestamp?
    var labels: [String] = []
    var absentLabels: [String] = []
    /// dangling=: only `image prune` takes it.
    var dangling: Bool?

    init(_ filters: [String], now: Timestamp, takesDangling: Bool, takesUntil: Bool = true) throws {
        for filter in filters {
            let (key, value) = try FilterArgument.split(filter)
            switch key {
            case "until" where takesUntil: until = try LogTimeParser.parse(value, now: now)
            case "label": labels.append(value)
            case "label!": absentLabels.append(value)
            case "dangling" where takesDangling:
                guard let parsed = GoBool.parse(value) else {
                    throw RuntimeError(.invalidArgument, "Invalid filter 'dangling=\(Identifiers.printable(value))'")
                }
                dangling = parsed
            default: throw RuntimeError(.invalidArgument, "Invalid filter '\(Identifiers.printable(key))'")
            }
        }
    }

    /// Whether no filter chooses by creation or labels (then images' configs need not be read).
    var choosesAll: Bool { until == nil && labels.isEmpty && absentLabels.isEmpty }

    func matches(created: Timestamp, labels objectLabels: [String: String]) -> Bool {
        if let until, created >= until { return false }
        let has = { FilterArgument.label($0, matches: objectLabels) }
        return labels.allSatisfy(has) && !absentLabels.contains(where: has)
    }
}
