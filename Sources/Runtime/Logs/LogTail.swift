/// The last `limit` lines seen, kept in a ring so that `--tail 10` over a large log holds ten lines.
struct LogTail {
    private let limit: Int
    private var lines: [LogLine] = []
    private var oldest = 0

    init(limit: Int) {
        self.limit = limit
    }

    mutating func append(_ line: LogLine) {
        guard limit > 0 else { return }
        if lines.count < limit {
            lines.append(line)
        } else {
            lines[oldest] = line
            oldest = (oldest + 1) % limit
        }
    }

    /// Oldest first.
    var contents: [LogLine] {
        Array(lines[oldest...] + lines[..<oldest])
    }
}
