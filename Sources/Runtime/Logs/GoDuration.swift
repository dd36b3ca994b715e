/// Go's time.ParseDuration, which docker uses for `--since 10m`: signed sequences of decimal
/// numbers, each with a unit: "300ms", "-1.5h", "2h45m", "1h0.5s".
public enum GoDuration {
    private static let units: [String: Int] = [
        "ns": 1, "us": 1_000, "µs": 1_000, "μs": 1_000, "ms": 1_000_000,
        "s": 1_000_000_000, "m": 60_000_000_000, "h": 3_600_000_000_000,
    ]

    /// Nanoseconds, or nil for anything that is not a duration (or overflows 64 bits).
    public static func nanoseconds(_ text: String) -> Int? {
        var scalars = text.unicodeScalars[...]
        var negative = false
        if let sign = scalars.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            scalars = scalars.dropFirst()
        }
        if String(scalars) == "0" { return 0 }
        guard !scalars.isEmpty else { return nil }
        var total = 0
        while !scalars.isEmpty {
            let whole = scalars.prefix { isDigit($0) }
            scalars = scalars.dropFirst(whole.count)
            var fraction = Substring.UnicodeScalarView()
            if scalars.first == "." {
                scalars = scalars.dropFirst()
                fraction = scalars.prefix { isDigit($0) }
                scalars = scalars.dropFirst(fraction.count)
            }
            guard !whole.isEmpty || !fraction.isEmpty else { return nil }
            let unitText = scalars.prefix { !isDigit($0) && $0 != "." }
            scalars = scalars.dropFirst(unitText.count)
            guard let unit = units[String(unitText)] else { return nil }
            var value = 0
            for digit in whole {
                let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
                let (added, overflow2) = shifted.addingReportingOverflow(Int(digit.value) - 48)
                guard !overflow1, !overflow2 else { return nil }
                value = added
            }
            let (scaled, overflow) = value.multipliedReportingOverflow(by: unit)
            guard !overflow else { return nil }
            let part = Double("0." + String(fraction) + "0").map { Int($0 * Double(unit)) } ?? 0
            let (sum, overflow3) = total.addingReportingOverflow(scaled)
            let (withFraction, overflow4) = sum.addingReportingOverflow(part)
            guard !overflow3, !overflow4 else { return nil }
            total = withFraction
        }
        return negative ? -total : total
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar >= "0" && scalar <= "9"
    }
}
