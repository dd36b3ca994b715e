/// Columns as docker prints them: each cell ends in a tab and `TabWriter` aligns them.
struct Table {
    private var text: String

    init(_ headers: [String]) {
        text = ""
        add(headers)
    }

    mutating func add(_ row: [String]) {
        text += row.joined(separator: "\t") + "\n"
    }

    func render() -> String {
        TabWriter.align(text)
    }
}
