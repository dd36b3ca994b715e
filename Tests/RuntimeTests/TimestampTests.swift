import Glibc
import JSONCodec
import Testing
@testable import Runtime

struct TimestampTests {
    @Test func printsAndParsesRFC3339WithNanoseconds() throws {
        let t = Timestamp(seconds: 1_795_752_054, nanoseconds: 123_456_789)
        #expect(t.description == "2026-11-27T04:00:54.123456789Z")
        #expect(Timestamp("2026-11-27T04:00:54.123456789Z") == t)
        #expect(Timestamp("2026-11-27T04:00:54.5Z") == Timestamp(seconds: 1_795_752_054, nanoseconds: 500_000_000))
        #expect(Timestamp("2026-11-27T04:00:54Z") == Timestamp(seconds: 1_795_752_054))
        #expect(Timestamp("0001-01-01T00:00:00Z") == .zero)
        #expect(Timestamp.zero.description == "0001-01-01T00:00:00Z")
    }

    @Test func printsToTheSecondAsGoRFC3339() {
        #expect(Timestamp(seconds: 1_795_752_054, nanoseconds: 999_999_999).secondsDescription == "2026-11-27T04:00:54Z")
        #expect(Timestamp.zero.secondsDescription == "0001-01-01T00:00:00Z")
    }

    @Test(arguments: ["", "yesterday", "2026-11-27 04:00:54Z", "2026-11-27T04:00:54.Z", "2026-11-27T04:00:54.1234567890Z"])
    func rejectsWhatItDoesNotPrint(text: String) {
        #expect(Timestamp(text) == nil)
    }

    /// glibc's gmtime_r, the function the arithmetic replaces, as the reference.
    private func glibcText(_ seconds: Int, _ nanoseconds: Int) -> String {
        var t = time_t(seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        let fields = [Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
                      Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec)]
        let date = fields.map { String($0) }.map { $0.count < 2 ? "0" + $0 : $0 }
        let year = String(repeating: "0", count: max(0, 4 - date[0].count)) + date[0]
        let fraction = String(nanoseconds)
        return "\(year)-\(date[1])-\(date[2])T\(date[3]):\(date[4]):\(date[5])."
            + String(repeating: "0", count: 9 - fraction.count) + fraction + "Z"
    }

    @Test func printsAndParsesAsGlibcDoesFromYear1To9999() throws {
        var generator = SystemRandomNumberGenerator()
        let edges = [0, -1, 86_399, 86_400, 951_782_400, 951_868_799, 4_107_542_400, -2_208_988_800,
                     -62_135_596_799, 253_402_300_799, 1_798_761_599, 1_735_689_600]
        let samples = edges + (0..<2000).map { _ in Int.random(in: -62_135_596_799...253_402_300_799, using: &generator) }
        for seconds in samples {
            let nanoseconds = Int.random(in: 0..<1_000_000_000, using: &generator)
            let time = Timestamp(seconds: seconds, nanoseconds: nanoseconds)
            #expect(time.description == glibcText(seconds, nanoseconds))
            #expect(Timestamp(time.description) == time)
        }
    }

    @Test func leapDaysAndShortFractions() {
        #expect(Timestamp("2000-02-29T12:00:00Z") == Timestamp(seconds: 951_825_600))
        #expect(Timestamp("2024-03-01T00:00:00.5Z") == Timestamp(seconds: 1_709_251_200, nanoseconds: 500_000_000))
        #expect(Timestamp("1969-12-31T23:59:59.999999999Z") == Timestamp(seconds: -1, nanoseconds: 999_999_999))
    }

    @Test func refusesFieldsOutOfRange() {
        for text in ["2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-01-32T00:00:00Z",
                     "2026-01-01T24:00:00Z", "2026-01-01T00:60:00Z", "2026-01-01T00:00:61Z"] {
            #expect(Timestamp(text) == nil, "\(text)")
        }
    }

    @Test func aTimestampEncodesAsItsText() throws {
        #expect(try JSONValue(encoding: Timestamp(seconds: 1_795_752_054, nanoseconds: 5)) == "2026-11-27T04:00:54.000000005Z")
    }

    /// Go's time.Time.String() in UTC: to the second (ps, images) or with the nanoseconds, trailing zeros dropped (network ls).
    @Test func goForms() {
        #expect(Timestamp(seconds: 1_709_251_200, nanoseconds: 500_000_000).goDescription == "2024-03-01 00:00:00 +0000 UTC")
        #expect(Timestamp(seconds: 1_709_251_200, nanoseconds: 500_000_000).goPreciseDescription == "2024-03-01 00:00:00.5 +0000 UTC")
        #expect(Timestamp(seconds: 1_709_251_200, nanoseconds: 473_867_202).goPreciseDescription == "2024-03-01 00:00:00.473867202 +0000 UTC")
        #expect(Timestamp(seconds: 1_709_251_200).goPreciseDescription == "2024-03-01 00:00:00 +0000 UTC")
    }
}
