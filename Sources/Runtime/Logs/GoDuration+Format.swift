extension GoDuration {
    /// Nanoseconds as Go's Duration.String writes them, which Docker's messages quote: "1s", "1.5s",
    /// "500ms", "1m30s", "2h0m0s".
    public static func format(_ nanoseconds: Int) -> String {
        if nanoseconds == 0 { return "0s" }
        let sign = nanoseconds < 0 ? "-" : ""
        let value = nanoseconds.magnitude
        if value < 1_000 { return sign + "\(value)ns" }
        if value < 1_000_000 { return sign + decimal(value, scale: 1_000) + "µs" }
        if value < 1_000_000_000 { return sign + decimal(value, scale: 1_000_000) + "ms" }
        let hours = value / 3_600_000_000_000, minutes = value / 60_000_000_000 % 60
        let seconds = decimal(value % 60_000_000_000, scale: 1_000_000_000) + "s"
        if hours > 0 { return sign + "\(hours)h\(minutes)m" + seconds }
        return sign + (minutes > 0 ? "\(minutes)m" : "") + seconds
    }

    /// `value / scale` with the fraction's digits, trailing zeros left out: 1500, 1000 -> "1.5".
    private static func decimal(_ value: UInt, scale: UInt) -> String {
        let whole = value / scale, fraction = value % scale
        guard fraction > 0 else { return "\(whole)" }
        var digits = String(fraction)
        digits = String(repeating: "0", count: String(scale).count - 1 - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return "\(whole).\(digits)"
    }
}
