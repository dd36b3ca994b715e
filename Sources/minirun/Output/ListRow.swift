/// One row of a list command (ps, images, stats, network ls): its stored properties are docker's
/// `--format json` fields, which templates see too, and its table's columns are declared once, here,
/// for `Output.render`.
protocol ListRow: Encodable {
    /// The table's columns, in order.
    static var columns: [Column<Self>] { get }
}

/// One column of a table: its header and the cell each row shows under it.
struct Column<Row> {
    let header: String
    let cell: KeyPath<Row, String>

    init(_ header: String, _ cell: KeyPath<Row, String>) {
        self.header = header
        self.cell = cell
    }
}
