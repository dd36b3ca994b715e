import JSONCodec
import Testing

/// The byte writer cached seccomp filters are named after: its output must never change.
struct CanonicalJSONTests {
    @Test func writesMembersInCallOrderWithCommasAndEscapes() {
        var json = CanonicalJSON()
        json.object { json in
            json.key("names")
            json.array(["a\"b", "c\\d\n\u{1F}é"]) { $0.string($1) }
            json.key("empty")
            json.array([Int]()) { $0.number($1) }
            json.key("nested")
            json.object { json in
                json.key("n")
                json.number(UInt64.max)
            }
        }
        #expect(String(decoding: json.bytes, as: UTF8.self)
            == #"{"names":["a\"b","c\\d\u000a\u001fé"],"empty":[],"nested":{"n":18446744073709551615}}"#)
    }
}
