@testable import Runtime
import Testing

private let now = Timestamp(seconds: 1_795_752_054, nanoseconds: 250_000_000)

private func parse(_ text: String) throws -> Timestamp {
    try LogTimeParser.parse(text, now: now)
}

private func failure(_ text: String) -> String {
    do {
        return "parsed as \(try parse(text))"
    } catch {
        return "\(error)"
    }
}

struct LogTimeParserTests {
    @Test(arguments: [
        ("10m", -600.0), ("1h30m", -5400), ("42s", -42), ("1.5h", -5400), ("300ms", -0.3), ("-10m", 600),
        ("2h45m30.5s", -9930.5), ("1us", -0.000001), ("1µs", -0.000001), ("5ns", -0.000000005), (".5s", -0.5), ("+1m", -60),
    ])
    func durationsCountBackFromNow(text: String, seconds: Double) throws {
        let nanoseconds = Int((seconds * 1e9).rounded())
        let total = now.seconds * 1_000_000_000 + now.nanoseconds + nanoseconds
        #expect(try parse(text) == Timestamp(seconds: total / 1_000_000_000, nanoseconds: total % 1_000_000_000))
    }

    @Test func rfc3339TimesWithAZone() throws {
        #expect(try parse("2026-11-27T04:00:54Z") == Timestamp(seconds: 1_795_752_054))
        #expect(try parse("2026-11-27T04:00:54.123456789Z") == Timestamp(seconds: 1_795_752_054, nanoseconds: 123_456_789))
        #expect(try parse("2026-11-27T04:00:54.5Z") == Timestamp(seconds: 1_795_752_054, nanoseconds: 500_000_000))
        #expect(try parse("2026-11-27T05:00:54+01:00") == Timestamp(seconds: 1_795_752_054))
        #expect(try parse("2026-11-26T22:30:54-05:30") == Timestamp(seconds: 1_795_752_054))
        #expect(try parse("2026-11-27T04:00Z") == Timestamp(seconds: 1_795_752_054 - 54))
        #expect(try parse("2026-11-27T04Z") == Timestamp(seconds: 1_795_752_054 - 54))
        #expect(try parse("2026-11-27Z") == Timestamp(seconds: 1_795_752_054 - 4 * 3600 - 54))
        #expect(try parse("2024-02-29T00:00:00Z") == Timestamp(seconds: 1_709_164_800))
    }

    @Test func timesWithoutAZoneAreLocal() throws {
        #expect(try parse("2026-11-27T04") == (try parse("2026-11-27T04:00:00")))
        #expect(try parse("2026-11-27T04:00") == (try parse("2026-11-27T04:00:00")))
        #expect(try parse("2026-11-27T04:00:00.25").nanoseconds == 250_000_000)
        #expect(try parse("2026-11-27").interval(to: try parse("2026-11-28")) == 86400)
        #expect(try parse("2026-11-27T04:00:54").interval(to: try parse("2026-11-27T04:00:54Z")).magnitude <= 14 * 3600)
    }

    @Test func unixTimestamps() throws {
        #expect(try parse("1795752054") == Timestamp(seconds: 1_795_752_054))
        #expect(try parse("1795752054.5") == Timestamp(seconds: 1_795_752_054, nanoseconds: 500_000_000))
        #expect(try parse("1795752054.000000001") == Timestamp(seconds: 1_795_752_054, nanoseconds: 1))
        #expect(try parse("0") == Timestamp(seconds: 0))
    }

    @Test(arguments: [
        ("", #"failed to parse value as time or duration: """#),
        ("abc", #"failed to parse value as time or duration: "abc""#),
        ("10x", #"failed to parse value as time or duration: "10x""#),
        ("1h30", #"failed to parse value as time or duration: "1h30""#),
        ("h", #"failed to parse value as time or duration: "h""#),
        ("1.2.3", #"failed to parse value as time or duration: "1.2.3""#),
        ("1795752054.1234567890", #"failed to parse value as time or duration: "1795752054.1234567890""#),
        ("99999999999h", #"failed to parse value as time or duration: "99999999999h""#),
        ("2026-13-01", #"parsing time "2026-13-01": month out of range"#),
        ("2026-02-29", #"parsing time "2026-02-29": day out of range"#),
        ("2026-11-31T00Z", #"parsing time "2026-11-31T00Z": day out of range"#),
        ("2026-11-27T25Z", #"parsing time "2026-11-27T25Z": hour out of range"#),
        ("2026-11-27T04:61Z", #"parsing time "2026-11-27T04:61Z": minute out of range"#),
        ("2026-11-27T04:00:60Z", #"parsing time "2026-11-27T04:00:60Z": second out of range"#),
        ("2026-11-27T04:00:54.Z", #"parsing time "2026-11-27T04:00:54.Z": expected 1 to 9 digits of fraction"#),
        ("2026-11-27T04:00+0100", #"parsing time "2026-11-27T04:00+0100": bad time zone offset, expected ±hh:mm"#),
        ("2026-11-27 04:00", #"parsing time "2026-11-27 04:00": expected YYYY-MM-DD, optionally followed by THH[:MM[:SS[.fraction]]] and Z or ±hh:mm"#),
        ("2026-1-27", #"parsing time "2026-1-27": expected YYYY-MM-DD, optionally followed by THH[:MM[:SS[.fraction]]] and Z or ±hh:mm"#),
        ("-", #"parsing time "-": expected YYYY-MM-DD, optionally followed by THH[:MM[:SS[.fraction]]] and Z or ±hh:mm"#),
    ])
    func rejectsOtherValuesClearly(text: String, expected: String) {
        #expect(failure(text) == expected)
    }
}

struct GoDurationTests {
    @Test func readsGoDurations() {
        #expect(GoDuration.nanoseconds("1h30m") == 5_400_000_000_000)
        #expect(GoDuration.nanoseconds("1.5s") == 1_500_000_000)
        #expect(GoDuration.nanoseconds("5.s") == 5_000_000_000)
        #expect(GoDuration.nanoseconds("1μs1ns") == 1001)
        #expect(GoDuration.nanoseconds("-0") == 0)
        #expect(GoDuration.nanoseconds("2562047h") == 9_223_369_200_000_000_000)
    }

    @Test(arguments: ["", "-", "s", "1", "1x", ".s", "1h-5m", "1h 5m", "2562048h", "1.5.5s"])
    func refusesOtherText(text: String) {
        #expect(GoDuration.nanoseconds(text) == nil)
    }
}
