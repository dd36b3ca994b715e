import Glibc

/// Wall-clock instants as Docker prints them: RFC 3339 with nanoseconds in UTC
/// ("2026-11-27T04:00:54.123456789Z"), parsed back for ages such as "Up 3 seconds".
public struct Timestamp: Sendable, Equatable, Comparable, Codable, CustomStringConvertible {
    public var seconds: Int
    public var nanoseconds: Int

    public init(seconds: Int, nanoseconds: Int = 0) {
        self.seconds = seconds
        self.nanoseconds = nanoseconds
    }

    public static func now() -> Timestamp {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Timestamp(seconds: ts.tv_sec, nanoseconds: ts.tv_nsec)
    }

    /// The zero time Docker shows for "never": 0001-01-01T00:00:00Z.
    public static let zero = Timestamp(seconds: -62_135_596_800)

    public var isZero: Bool { self == .zero }

    public var description: String {
        if isZero { return "0001-01-01T00:00:00Z" }
        let (days, second) = seconds.quotientAndRemainder(dividingBy: 86_400)
        let (day, secondOfDay) = second < 0 ? (days - 1, second + 86_400) : (days, second)
        let date = Self.civilDate(daysSince1970: day)
        return pad(date.year, 4) + "-" + pad(date.month, 2) + "-" + pad(date.day, 2)
            + "T" + pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2)
            + "." + pad(nanoseconds, 9) + "Z"
    }

    /// RFC 3339 to the second ("2026-11-27T04:00:54Z"), as Go's time.RFC3339 prints UTC.
    public var secondsDescription: String {
        let full = description
        guard let dot = full.firstIndex(of: ".") else { return full }
        return full[..<dot] + "Z"
    }

    /// Parses what `description` prints (fraction optional, 1-9 digits).
    public init?(_ text: String) {
        if text == "0001-01-01T00:00:00Z" {
            self = .zero
            return
        }
        let u = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= u.count else { return nil }
            var value = 0
            for c in u[from..<from + count] {
                guard c >= 48 && c <= 57 else { return nil }
                value = value * 10 + Int(c - 48)
            }
            return value
        }
        guard u.count >= 20, u[4] == 45, u[7] == 45, u[10] == 84, u[13] == 58, u[16] == 58, u.last == 90,
              let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2)
        else { return nil }
        var nanos = 0
        if u.count > 20 {
            guard u[19] == 46 else { return nil }
            let digits = u.count - 21
            guard digits >= 1 && digits <= 9, let fraction = number(20, digits) else { return nil }
            nanos = fraction
            for _ in digits..<9 { nanos *= 10 }
        }
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second <= 60 else { return nil }
        let days = Self.daysSince1970(year: year, month: month, day: day)
        self.init(seconds: days * 86_400 + hour * 3600 + minute * 60 + second, nanoseconds: nanos)
    }

    // UTC dates by arithmetic (Howard Hinnant's days_from_civil and civil_from_days, proleptic
    // Gregorian): timegm(3) and gmtime_r(3) first read /etc/localtime, for a time zone they then do
    // not use - five system calls in every `run`.

    /// Days from 1970-01-01 to a date; a day past the end of its month runs on into the next.
    static func daysSince1970(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1  // counted from March 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date `days` after 1970-01-01.
    static func civilDate(daysSince1970 days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// A broken-down time for timegm(3) or mktime(3) (see LogTimeParser); month and day count from 1.
    static func calendar(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) -> tm {
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        return parts
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Timestamp(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad time \(text)"))
        }
        self = value
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public static func < (a: Timestamp, b: Timestamp) -> Bool {
        (a.seconds, a.nanoseconds) < (b.seconds, b.nanoseconds)
    }

    /// Seconds from self to `later`, as a Double.
    public func interval(to later: Timestamp) -> Double {
        Double(later.seconds - seconds) + Double(later.nanoseconds - nanoseconds) / 1e9
    }

    private func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
