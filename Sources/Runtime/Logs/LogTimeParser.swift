import Glibc
import GoTemplate

/// The values of `logs --since` and `--until`, as docker reads them: a duration back from now
/// ("10m", "1h30m", "42s"), an RFC 3339 date or time ("2026-11-27", "2026-11-27T04:00",
/// "2026-11-27T04:00:54.5Z", "2026-11-27T05:00:54+01:00"; without a zone it is local time), or a
/// Unix timestamp with an optional fraction ("1795752054.5").
public enum LogTimeParser {
    public static func parse(_ text: String, now: Timestamp) throws -> Timestamp {
        if text != "0", let nanoseconds = GoDuration.nanoseconds(text) {
            return try shift(now, by: -nanoseconds, text)
        }
        if text.contains("-") { return try date(text) }
        if let unix = unixTime(text) { return unix }
        throw RuntimeError(.invalidArgument, "failed to parse value as time or duration: \(GoQuote.quote(text))")
    }

    /// now + nanoseconds.
    private static func shift(_ time: Timestamp, by nanoseconds: Int, _ text: String) throws -> Timestamp {
        let (total, overflow) = (time.seconds * 1_000_000_000 + time.nanoseconds).addingReportingOverflow(nanoseconds)
        guard !overflow else { throw RuntimeError(.invalidArgument, "duration out of range: \(GoQuote.quote(text))") }
        let (seconds, nanos) = total.quotientAndRemainder(dividingBy: 1_000_000_000)
        return nanos < 0 ? Timestamp(seconds: seconds - 1, nanoseconds: nanos + 1_000_000_000) : Timestamp(seconds: seconds, nanoseconds: nanos)
    }

    /// Seconds, optionally "." and up to nine digits of fraction.
    private static func unixTime(_ text: String) -> Timestamp? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0 >= "0" && $0 <= "9" } }),
              let seconds = Int(parts[0])
        else { return nil }
        guard parts.count == 2 else { return Timestamp(seconds: seconds) }
        guard parts[1].count <= 9 else { return nil }
        return Timestamp(seconds: seconds, nanoseconds: Int(parts[1] + String(repeating: "0", count: 9 - parts[1].count))!)
    }

    /// YYYY-MM-DD, optionally THH, THH:MM, THH:MM:SS or THH:MM:SS.fraction, optionally Z or ±hh:mm.
    private static func date(_ text: String) throws -> Timestamp {
        var scanner = DateScanner(text)
        func fail(_ reason: String) -> RuntimeError {
            RuntimeError(.invalidArgument, "parsing time \(GoQuote.quote(text)): \(reason)")
        }
        let shape = fail("expected YYYY-MM-DD, optionally followed by THH[:MM[:SS[.fraction]]] and Z or ±hh:mm")
        guard let year = scanner.digits(4), scanner.skip("-"), let month = scanner.digits(2), scanner.skip("-"),
              let day = scanner.digits(2)
        else { throw shape }
        var hour = 0, minute = 0, second = 0, nanoseconds = 0
        if scanner.skip("T") {
            guard let h = scanner.digits(2) else { throw shape }
            hour = h
            if scanner.skip(":") {
                guard let m = scanner.digits(2) else { throw shape }
                minute = m
                if scanner.skip(":") {
                    guard let s = scanner.digits(2) else { throw shape }
                    second = s
                    if scanner.skip(".") {
                        let digits = scanner.digitRun()
                        guard !digits.isEmpty, digits.count <= 9 else { throw fail("expected 1 to 9 digits of fraction") }
                        nanoseconds = Int(digits + String(repeating: "0", count: 9 - digits.count))!
                    }
                }
            }
        }
        var offset: Int?
        if scanner.skip("Z") {
            offset = 0
        } else if let sign = scanner.sign() {
            guard let h = scanner.digits(2), scanner.skip(":"), let m = scanner.digits(2), h < 24, m < 60 else {
                throw fail("bad time zone offset, expected ±hh:mm")
            }
            offset = sign * (h * 3600 + m * 60)
        }
        guard scanner.atEnd else { throw shape }
        guard (1...12).contains(month) else { throw fail("month out of range") }
        guard (1...daysIn(month, year)).contains(day) else { throw fail("day out of range") }
        guard hour < 24 else { throw fail("hour out of range") }
        guard minute < 60 else { throw fail("minute out of range") }
        guard second < 60 else { throw fail("second out of range") }

        var parts = Timestamp.calendar(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        guard let offset else {
            parts.tm_isdst = -1
            return Timestamp(seconds: Int(mktime(&parts)), nanoseconds: nanoseconds)
        }
        return Timestamp(seconds: Int(timegm(&parts)) - offset, nanoseconds: nanoseconds)
    }

    private static func daysIn(_ month: Int, _ year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
