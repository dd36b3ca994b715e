/// What `logs` shows, as docker's flags say it.
public struct LogOptions: Sendable {
    /// The last N lines (a line joined from several records counts once); nil for all.
    public var tail: Int?
    /// Lines from this time on (inclusive).
    public var since: Timestamp?
    /// Lines up to this time (inclusive); following stops after it.
    public var until: Timestamp?
    /// Prefix every line with its time, "2026-11-27T04:00:54.123456789Z hello".
    public var timestamps: Bool
    /// Keep reading as the container writes more.
    public var follow: Bool
    /// `--details`: each line after its time is preceded by its attributes and a space, as Docker
    /// writes them ("env=prod,tier=web hello"; just " hello" without any).
    public var details: [String: String]?

    /// Attributes as Docker writes them before a line: sorted by name, each name and value
    /// escaped as a URL query escapes them, "a=1,b=x+y".
    static func detailsText(_ attributes: [String: String]) -> String {
        attributes.sorted { $0.key < $1.key }.map { queryEscaped($0.key) + "=" + queryEscaped($0.value) }.joined(separator: ",")
    }

    /// Go's url.QueryEscape: letters, digits and -_.~ as they are, a space as +, every other byte %XX.
    static func queryEscaped(_ text: String) -> String {
        var escaped = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                escaped.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "):
                escaped += "+"
            default:
                escaped += (byte < 16 ? "%0" : "%") + String(byte, radix: 16, uppercase: true)
            }
        }
        return escaped
    }

    public init(tail: Int? = nil, since: Timestamp? = nil, until: Timestamp? = nil, timestamps: Bool = false, follow: Bool = false) {
        self.tail = tail
        self.since = since
        self.until = until
        self.timestamps = timestamps
        self.follow = follow
    }
}
