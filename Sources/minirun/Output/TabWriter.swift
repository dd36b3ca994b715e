/// Lines of tab-separated cells aligned as docker's tables are: Go's text/tabwriter with the
/// settings docker's CLI and docker compose use (minimum width 10, padding 3, spaces).
///
/// Go's rules, which decide where a table differs from a plain grid: a cell is the text before a
/// tab, so a line's last cell belongs to no column and is never padded; a column runs over the
/// consecutive lines that have a cell in it, and its width is its widest cell plus the padding,
/// at least the minimum; widths count Unicode scalars, as Go counts runes.
struct TabWriter {
    private let minimumWidth: Int
    private let padding: Int

    /// `top` aligns with minimum width 20, as Docker's does.
    static func align(_ text: String, minimumWidth: Int = 10, padding: Int = 3) -> String {
        var writer = TabWriter(text, minimumWidth: minimumWidth, padding: padding)
        writer.format(0..<writer.lines.count)
        return writer.output
    }

    private let lines: [[Substring]]
    private var widths: [Int] = []
    private var output = ""

    private init(_ text: String, minimumWidth: Int, padding: Int) {
        self.minimumWidth = minimumWidth
        self.padding = padding
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
        // Go keeps no empty cell after the text's last tab when no line break follows it, so the
        // cell before that tab is the line's last, unpadded.
        if let last = lines.last, last.count > 1, last[last.count - 1].isEmpty { lines[lines.count - 1].removeLast() }
        self.lines = lines
    }

    /// Go's `format`: `widths` holds the widths of the columns left of the next one; each block of
    /// consecutive lines with a cell in the next column gets that column's width and is formatted
    /// again for the columns right of it.
    private mutating func format(_ range: Range<Int>) {
        let column = widths.count
        var start = range.lowerBound
        var index = start
        while index < range.upperBound {
            guard hasCell(lines[index], column) else {
                index += 1
                continue
            }
            write(start..<index)
            start = index
            var width = minimumWidth
            while index < range.upperBound, hasCell(lines[index], column) {
                width = max(width, lines[index][column].unicodeScalars.count + padding)
                index += 1
            }
            widths.append(width)
            format(start..<index)
            widths.removeLast()
            start = index
        }
        write(start..<range.upperBound)
    }

    /// Whether `line` has a tab-ended cell in `column`.
    private func hasCell(_ line: [Substring], _ column: Int) -> Bool {
        column < line.count - 1
    }

    private mutating func write(_ range: Range<Int>) {
        for index in range {
            for (column, cell) in lines[index].enumerated() {
                output += cell
                if column < widths.count { output += String(repeating: " ", count: widths[column] - cell.unicodeScalars.count) }
            }
            // The text's last line has no line break after it; it is empty when the text ends in one.
            if index != lines.count - 1 { output += "\n" }
        }
    }
}
