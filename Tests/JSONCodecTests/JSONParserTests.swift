import JSONCodec
import Testing

/// JSON text into a JSONValue, and a JSONValue into a Decodable: how minirun reads its own files.
struct JSONParserTests {
    @Test func parsesEveryKindOfValue() throws {
        let text = #"{"s":"q\"b\\s\/n\n\t\u00e9\ud83d\ude00 é","i":-42,"d":1.5,"e":1e3,"big":18446744073709551616,"#
            + #""t":true,"f":false,"n":null,"a":[1,[]],"o":{}}"#
        guard case .object(let object) = try JSONValue(parsing: Array(text.utf8)) else {
            Issue.record("not an object")
            return
        }
        #expect(object.keys == ["s", "i", "d", "e", "big", "t", "f", "n", "a", "o"])
        #expect(object["s"] == .string("q\"b\\s/n\n\té😀 é"))
        #expect(object["i"] == .integer(-42))
        #expect(object["d"] == .double(1.5))
        #expect(object["e"] == .double(1000))
        #expect(object["big"] == .double(18_446_744_073_709_551_616))
        #expect(object["t"] == .bool(true))
        #expect(object["f"] == .bool(false))
        #expect(object["n"] == .null)
        #expect(object["a"] == .array([.integer(1), .array([])]))
        #expect(object["o"] == .object(JSONObject()))
    }

    @Test(arguments: [
        "", " ", "{", "}", "{\"a\":1,}", "[1 2]", "[1,]", "\"abc", "{\"a\" 1}", "{a:1}", "tru", "nul", "\"\\x\"",
        "\"\\ud800\"", "\"\\ud800\\u0041\"", "\"\\u12\"", "\"\\u+123\"", "\"a\u{01}b\"", "{} x", "01x", "-", "1e", "1.2.3",
    ])
    func refusesMalformedText(text: String) {
        #expect(throws: DecodingError.self) { try JSONValue(parsing: Array(text.utf8)) }
    }

    @Test func refusesDeepNestingInsteadOfOverflowingTheStack() {
        let text = String(repeating: "[", count: 100_000)
        #expect(throws: DecodingError.self) { try JSONValue(parsing: Array(text.utf8)) }
    }

    struct Sample: Decodable, Equatable {
        var name: String
        var count: Int8
        var note: String?
    }

    @Test func decodesOptionalsAndExactNumbers() throws {
        let sample = try JSONValue(parsing: Array(#"{"name":"x","count":3.0,"extra":[1]}"#.utf8)).decode(Sample.self)
        #expect(sample == Sample(name: "x", count: 3, note: nil))
    }

    @Test func saysWhatIsMissingOrWrong() {
        func decode(_ text: String) throws { _ = try JSONValue(parsing: Array(text.utf8)).decode(Sample.self) }
        #expect {
            try decode(#"{"count":3}"#)
        } throws: { error in
            guard case DecodingError.keyNotFound(let key, _) = error else { return false }
            return key.stringValue == "name"
        }
        #expect {
            try decode(#"{"name":1,"count":3}"#)
        } throws: { error in
            guard case DecodingError.typeMismatch(_, let context) = error else { return false }
            return context.codingPath.map(\.stringValue) == ["name"]
        }
        #expect {
            try decode(#"{"name":"x","count":300}"#)
        } throws: { error in
            guard case DecodingError.dataCorrupted(let context) = error else { return false }
            return context.codingPath.map(\.stringValue) == ["count"]
        }
    }
}
