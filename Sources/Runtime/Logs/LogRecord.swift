/// One line of container.log as minirun-monitor writes it:
/// `<RFC3339Nano UTC time> <stdout|stderr> <F|P> <text>`, where P means the text goes on in the
/// next record of the same stream (a line longer than the monitor's buffer, or the last output
/// of a stream that never ended its line).
public struct LogRecord: Sendable, Equatable {
    public var time: Timestamp
    public var stream: LogStream
    /// True for F, false for P.
    public var endsLine: Bool
    public var text: [UInt8]

    public init(time: Timestamp, stream: LogStream, endsLine: Bool, text: [UInt8]) {
        self.time = time
        self.stream = stream
        self.endsLine = endsLine
        self.text = text
    }

    /// Parses one line without its newline; nil when it does not have the monitor's shape, so that
    /// a reader can skip a damaged line instead of failing on it.
    public init?(parsing line: ArraySlice<UInt8>) {
        guard let space = line.firstIndex(of: UInt8(ascii: " ")),
              let time = Timestamp(String(decoding: line[..<space], as: UTF8.self))
        else { return nil }
        let rest = line[(space + 1)...]
        let stream: LogStream
        if rest.starts(with: "stdout ".utf8) {
            stream = .stdout
        } else if rest.starts(with: "stderr ".utf8) {
            stream = .stderr
        } else {
            return nil
        }
        let flag = rest.dropFirst(7)
        guard flag.count >= 2, flag[flag.startIndex + 1] == UInt8(ascii: " ") else { return nil }
        switch flag.first {
        case UInt8(ascii: "F"): endsLine = true
        case UInt8(ascii: "P"): endsLine = false
        default: return nil
        }
        self.time = time
        self.stream = stream
        text = Array(flag.dropFirst(2))
    }
}
