import JSONCodec
import Testing

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

    /// Only U+2028 and U+2029 are escaped of the characters whose UTF-8 starts as theirs does.
    @Test func keepsTheLineSeparatorsNeighbours() throws {
        let text = "\u{2027}\u{202A}€\u{2028}x\u{2029}\u{80}\u{A8}"
        #expect(try GoJSON.encode(.string(text)) == "\"\u{2027}\u{202A}€\\u2028x\\u2029\u{80}\u{A8}\"")
        let indented = try GoJSON.bytes(["k": .string(text)], indent: "  ")
        #expect(indented == Array(("{\n  \"k\": " + (try GoJSON.encode(.string(text))) + "\n}").utf8))
    }

    @Test func refusesWhatJSONCannotHold() {
        #expect(throws: JSONWriteError.self) { try GoJSON.encode([.double(.nan)]) }
    }

    @Test func sortingAllKeysOrdersEveryObjectByBytes() throws {
        let value: JSONValue = ["b": ["z": 1, "Z": 2], "CPUPerc": [["y": 1, "x": 2]], "Container": "", "ab9": 0, "ab10": 0]
        #expect(try GoJSON.encode(value.sortingAllKeys)
            == #"{"CPUPerc":[{"x":2,"y":1}],"Container":"","ab10":0,"ab9":0,"b":{"Z":2,"z":1}}"#)
    }
}
