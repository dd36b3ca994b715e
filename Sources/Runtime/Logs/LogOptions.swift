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

    public init(tail: Int? = nil, since: Timestamp? = nil, until: Timestamp? = nil, timestamps: Bool = false, follow: Bool = false) {
        self.tail = tail
        self.since = since
        self.until = until
        self.timestamps = timestamps
        self.follow = follow
    }
}
