import GoTemplate
import JSONCodec
import Runtime

/// The one place where what a command prints is chosen: every list command hands its rows here, and
/// `-q`, the table, JSON lines and templates are told apart in one switch.
enum Output {
    /// `quiet` is the field `-q` prints instead, when it was given; `columns` replace the row's
    /// declared ones where a flag adds one (`images --digests`).
    static func render<Row: ListRow>(
        _ rows: [Row], format: ListFormat, quiet: KeyPath<Row, String>? = nil, columns: [Column<Row>] = Row.columns
    ) throws -> String {
        if let quiet {
            // One line a row, as Docker's CLI prints {{.ID}} for each: an image with two tags twice.
            return rows.map { $0[keyPath: quiet] + "\n" }.joined()
        }
        switch format {
        case .table:
            var table = Table(columns.map(\.header))
            for row in rows { table.add(columns.map { row[keyPath: $0.cell] }) }
            return table.render()
        case .json:
            // One compact object per line, every key sorted, "/" as it is.
            return try rows.map { try GoJSON.encode(JSONValue(encoding: $0).sortingAllKeys) + "\n" }.joined()
        case .template(let text) where text.hasPrefix("table"):
            // docker's `table TEMPLATE`: a header line from the template run over the headers, the
            // rows below it, aligned as the default table.
            let template = try GoTemplate(rowTemplate(String(text.dropFirst("table".count))))
            let header = template.renderHeader(try JSONValue(encoding: Row.headers))
            return TabWriter.align(try ([header] + rows.map { try render(template, $0) }).map { $0 + "\n" }.joined())
        case .template(let text):
            let template = try GoTemplate(rowTemplate(text))
            return try rows.map { try render(template, $0) + "\n" }.joined()
        }
    }

    private static func render<Row: ListRow>(_ template: GoTemplate, _ row: Row) throws -> String {
        try template.render(JSONValue(encoding: row), methods: row.methods)
    }

    /// An indented JSON document, as `inspect` prints.
    static func indentedJSON<T: Encodable>(_ value: T) throws -> String {
        try JSONValue(encoding: value).indentedJSON()
    }

    /// As docker reads a list's template: blanks around it dropped, `\t` and `\n` written as two
    /// characters become a tab and a line break.
    private static func rowTemplate(_ format: String) -> String {
        var text = Substring(format)
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return String(text).replacing(#"\t"#, with: "\t").replacing(#"\n"#, with: "\n")
    }
}
