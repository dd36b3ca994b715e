/// Durations and sizes the way Docker prints them ("3 seconds", "About a minute", "4.26MB").
public enum HumanFormat {
    /// Docker's Ellipsis: text longer than `width` characters cut to `width - 1` and "…".
    public static func ellipsis(_ text: String, width: Int) -> String {
        text.count > width ? String(text.prefix(width - 1)) + "…" : text
    }

    /// Docker's units.HumanDuration.
    public static func duration(_ seconds: Double) -> String {
        let s = Int(seconds)
        if s < 1 { return "Less than a second" }
        if s == 1 { return "1 second" }
        if s < 60 { return "\(s) seconds" }
        let minutes = Int(seconds / 60)
        if minutes == 1 { return "About a minute" }
        if minutes < 60 { return "\(minutes) minutes" }
        let hours = Int(seconds / 3600 + 0.5)
        if hours == 1 { return "About an hour" }
        if hours < 48 { return "\(hours) hours" }
        if hours < 24 * 7 * 2 { return "\(hours / 24) days" }
        if hours < 24 * 30 * 2 { return "\(hours / 24 / 7) weeks" }
        if hours < 24 * 365 * 2 { return "\(hours / 24 / 30) months" }
        return "\(hours / 24 / 365) years"
    }

    /// Docker's units.HumanSizeWithPrecision(size, digits): decimal units, three significant digits
    /// by default (as `images` shows SIZE); 4 is units.HumanSize (prune's "Total reclaimed space").
    public static func size(_ bytes: UInt64, digits: Int = 3) -> String {
        scaled(bytes, by: 1000, units: ["B", "kB", "MB", "GB", "TB", "PB"], digits: digits)
    }

    /// Docker's units.BytesSize: binary units (KiB, MiB, GiB), as `docker stats` shows memory.
    public static func binarySize(_ bytes: UInt64) -> String {
        scaled(bytes, by: 1024, units: ["B", "KiB", "MiB", "GiB", "TiB", "PiB"], digits: 4)
    }

    private static func scaled(_ bytes: UInt64, by base: Double, units: [String], digits: Int) -> String {
        var value = Double(bytes)
        var unit = 0
        while value >= base && unit < units.count - 1 {
            value /= base
            unit += 1
        }
        return significant(value, digits) + units[unit]
    }

    /// Like Go's %.3g: at most `digits` significant digits, no trailing zeros.
    static func significant(_ value: Double, _ digits: Int) -> String {
        if value == 0 { return "0" }
        var magnitude = 1
        var scaled = value
        while scaled >= 10 {
            scaled /= 10
            magnitude += 1
        }
        let decimals = max(0, digits - magnitude)
        var factor = 1.0
        for _ in 0..<decimals { factor *= 10 }
        let rounded = (value * factor).rounded() / factor
        var text = decimals == 0 ? String(Int(rounded)) : String(rounded)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }
}
