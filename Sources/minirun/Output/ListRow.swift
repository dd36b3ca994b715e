import GoTemplate

/// One row of a list command (ps, images, stats, network ls): its stored properties are docker's
/// `--format json` fields, which templates see too, and its table's columns are declared once, here,
/// for `Output.render`.
protocol ListRow: Encodable {
    /// The table's columns, in order.
    static var columns: [Column<Self>] { get }
    /// Each field's column header, as docker names it; a `table TEMPLATE`'s header is the template
    /// run over these.
    static var headers: [String: String] { get }
    /// What templates call with an argument, as docker's `.Label "KEY"`.
    var methods: [String: GoTemplate.Method] { get }
}

extension ListRow {
    var methods: [String: GoTemplate.Method] { [:] }
}

/// What a row shows of an object's labels: Docker's Labels field ("k=v,k2=v2", here in key order)
/// and its `.Label "KEY"` method.
enum RowLabels {
    static func text(_ labels: [String: String]) -> String {
        labels.sorted { $0.key < $1.key }.map { $0.key + "=" + $0.value }.joined(separator: ",")
    }

    static func methods(_ labels: [String: String]) -> [String: GoTemplate.Method] {
        ["Label": { labels[$0] ?? "" }]
    }
}

/// One column of the default table: the field whose header it has and the cell each row shows
/// under it (the field's value, or a form of it the table shows, such as ps's quoted command).
struct Column<Row: ListRow> {
    let header: String
    let cell: KeyPath<Row, String>

    init(_ field: String, _ cell: KeyPath<Row, String>) {
        guard let header = Row.headers[field] else { preconditionFailure("\(Row.self) has no header for \(field)") }
        self.header = header
        self.cell = cell
    }
}
