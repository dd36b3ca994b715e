@testable import GoTemplate
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

struct GoJSONTests {
    @Test func compactWithStoredKeyOrder() throws {
        let value: JSONValue = ["Status": "running", "Running": true, "Pid": 42, "Error": "", "Health": nil,
                                "Cpu": 1.5, "Args": ["a", 1, [], [:]]]
        #expect(try GoJSON.encode(value)
            == #"{"Status":"running","Running":true,"Pid":42,"Error":"","Health":null,"Cpu":1.5,"Args":["a",1,[],{}]}"#)
    }

    @Test func escapesLikeDockersEncoderWithoutHTMLEscaping() throws {
        let text = "a\"b\\c\n\r\t\u{8}\u{C}\u{1}\u{1F}\u{7F}<>&/é😀\u{2028}\u{2029}"
        #expect(try GoJSON.encode(.string(text))
            == #""a\"b\\c\n\r\t\b\f\u0001\u001f"# + "\u{7F}" + #"<>&/é😀\u2028\u2029""#)
    }

    @Test func refusesWhatJSONCannotHold() {
        #expect(throws: TemplateError.self) { try GoJSON.encode([.double(.nan)]) }
    }
}

struct GoFormatTests {
    @Test func actionsPrintGoDefaults() {
        #expect(GoFormat.action(nil) == "<no value>")
        #expect(GoFormat.action("raw \"text\"") == "raw \"text\"")
        #expect(GoFormat.action(0) == "0")
        #expect(GoFormat.action(1.5) == "1.5")
        #expect(GoFormat.action(false) == "false")
        #expect(GoFormat.action(["a", 1, nil, ["b"]]) == "[a 1 <nil> [b]]")
        #expect(GoFormat.action(["z": 1, "a": ["x": true], "m": nil]) == "map[a:map[x:true] m:<nil> z:1]")
        #expect(GoFormat.action([]) == "[]")
        #expect(GoFormat.action([:]) == "map[]")
    }

    @Test func verbsThatDoNotFitPrintLikeFmt() {
        #expect(GoFormat.format("abc", verb: "d") == "%!d(string=abc)")
        #expect(GoFormat.format(5, verb: "s") == "%!s(int=5)")
        #expect(GoFormat.format(1.5, verb: "d") == "%!d(float64=1.5)")
        #expect(GoFormat.format(true, verb: "q") == "%!q(bool=true)")
        #expect(GoFormat.format(nil, verb: "s") == "%!s(<nil>)")
        #expect(GoFormat.format(["a", 1], verb: "d") == "[%!d(string=a) 1]")
        #expect(GoFormat.format(["k": 1], verb: "d") == "map[%!d(string=k):1]")
    }

    @Test func quotesLikeStrconv() {
        #expect(GoFormat.format("say \"hi\"\n", verb: "q") == #""say \"hi\"\n""#)
        #expect(GoFormat.format("\u{1}\u{7F}\u{A0}é\u{1F600}\u{E000}\u{10FFFD}", verb: "q") == #""\x01\x7f\u00a0é😀\ue000\U0010fffd""#)
        #expect(GoFormat.format(["a", "b"], verb: "q") == #"["a" "b"]"#)
        #expect(GoFormat.format(97, verb: "q") == "'a'")
        #expect(GoFormat.format(39, verb: "q") == #"'\''"#)
        #expect(GoFormat.format(-1, verb: "q") == "%!q(int=-1)")
    }
}

struct GoPrintfTests {
    @Test func formatsTheSupportedVerbs() throws {
        #expect(try GoPrintf.sprintf("%s=%d %v %q 100%%", ["x", 3, ["a": 1], "y"]) == #"x=3 map[a:1] "y" 100%"#)
    }

    @Test func reportsMissingAndExtraArgumentsLikeFmt() throws {
        #expect(try GoPrintf.sprintf("%s %d", ["a"]) == "a %!d(MISSING)")
        #expect(try GoPrintf.sprintf("%s", ["a", 1, nil, 2.5]) == "a%!(EXTRA int=1, <nil>, float64=2.5)")
        #expect(try GoPrintf.sprintf("50%", []) == "50%!(NOVERB)")
    }

    @Test(arguments: ["%x", "%-5s", "%5d", "%.2f"])
    func refusesOtherVerbs(format: String) {
        #expect(throws: TemplateError.self) { try GoPrintf.sprintf(format, [1]) }
    }

    @Test func sprintSpacesOnlyBetweenNonStrings() {
        #expect(GoPrintf.sprint(["a", "b", 1, 2, "c", nil]) == "ab1 2c<nil>")
        #expect(GoPrintf.sprintln(["a", "b", 1]) == "a b 1\n")
        #expect(GoPrintf.sprintln([]) == "\n")
    }
}
