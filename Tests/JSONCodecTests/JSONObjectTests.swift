import JSONCodec
import Testing

struct JSONObjectTests {
    @Test func objectsReplaceDuplicateKeysInPlace() {
        var object = JSONObject([("b", 1), ("a", 2), ("b", 3)])
        #expect(object.keys == ["b", "a"])
        #expect(object["b"] == 3)
        object["b"] = nil
        #expect(object.keys == ["a"])
        #expect(JSONObject([("é", 1), ("z", 2), ("Z", 3)]).sortedPairs.map(\.key) == ["Z", "z", "é"])
    }
}
