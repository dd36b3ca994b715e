import ArgumentParser

/// `--format` of a list command: docker's table (the default), `json` (one object per row and line,
/// with docker's field names), or a Go template run over each row's JSON fields (`'{{.Names}}'`).
enum ListFormat: ExpressibleByArgument {
    case table
    case json
    case template(String)

    init(argument: String) {
        switch argument {
        case "table": self = .table
        case "json": self = .json
        default: self = .template(argument)
        }
    }

    var defaultValueDescription: String {
        switch self {
        case .table: "table"
        case .json: "json"
        case .template(let text): text
        }
    }
}

/// `--format`, as every list command takes it.
struct FormatOption: ParsableArguments {
    @Option(help: "table, json, or a Go template over the JSON fields, such as '{{.ID}}'.")
    var format: ListFormat = .table
}
