/// Joins P records to the record that ends their line, each stream on its own: stdout's line may
/// still be open while stderr's records come in between.
struct LogLineAssembler {
    private var open: [LogStream: LogLine] = [:]

    /// The line this record ends, if it ends one.
    mutating func add(_ record: LogRecord) -> LogLine? {
        var line = open.removeValue(forKey: record.stream)
            ?? LogLine(time: record.time, stream: record.stream, text: [], isComplete: false)
        line.text += record.text
        guard record.endsLine else {
            open[record.stream] = line
            return nil
        }
        line.isComplete = true
        return line
    }

    /// The lines still waiting for their end, oldest first, as they are; nothing stays open.
    mutating func flush() -> [LogLine] {
        defer { open = [:] }
        return open.values.sorted { ($0.time, $0.stream == .stdout ? 0 : 1) < ($1.time, $1.stream == .stdout ? 0 : 1) }
    }
}
