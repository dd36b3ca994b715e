/// A line of a container's output, joined from its records; it carries the time of its first
/// record, which is what `--timestamps`, `--since` and `--until` go by.
public struct LogLine: Sendable, Equatable {
    public var time: Timestamp
    public var stream: LogStream
    public var text: [UInt8]
    /// False for output that never got its newline: it is printed without one.
    public var isComplete: Bool

    public init(time: Timestamp, stream: LogStream, text: [UInt8], isComplete: Bool) {
        self.time = time
        self.stream = stream
        self.text = text
        self.isComplete = isComplete
    }
}
