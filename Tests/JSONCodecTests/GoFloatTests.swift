import JSONCodec
import Testing

struct GoFloatTests {
    @Test(arguments: [
        (0.0, "0"), (-0.0, "-0"), (1.5, "1.5"), (2.0, "2"), (0.1, "0.1"), (100000.0, "100000"),
        (1_000_000.0, "1e+06"), (123_456_789.0, "1.23456789e+08"), (0.0001, "0.0001"), (0.00001, "1e-05"),
        (-2.5e-10, "-2.5e-10"), (1e100, "1e+100"), (Double.leastNonzeroMagnitude, "5e-324"), (1.7976931348623157e308, "1.7976931348623157e+308"),
    ])
    func printsLikeGoPercentV(value: Double, expected: String) {
        #expect(GoFloat.formatV(value) == expected)
    }

    @Test(arguments: [
        (0.0, "0"), (1.5, "1.5"), (2.0, "2"), (1_000_000.0, "1000000"), (123_456_789.0, "123456789"),
        (1e20, "100000000000000000000"), (1e21, "1e+21"), (0.000001, "0.000001"), (1e-7, "1e-7"),
        (-1.25e-9, "-1.25e-9"), (1.5e300, "1.5e+300"), (1e-100, "1e-100"),
    ])
    func printsLikeGoJSON(value: Double, expected: String) {
        #expect(GoFloat.formatJSON(value) == expected)
    }

    @Test func specialValuesPrintLikeGo() {
        #expect(GoFloat.special(.nan) == "NaN")
        #expect(GoFloat.special(.infinity) == "+Inf")
        #expect(GoFloat.special(-.infinity) == "-Inf")
        #expect(GoFloat.special(1) == nil)
    }
}
