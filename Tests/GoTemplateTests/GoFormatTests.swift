@testable import GoTemplate
import JSONCodec
import Testing

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
