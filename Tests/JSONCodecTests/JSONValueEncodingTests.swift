@testable import JSONCodec
import Testing

struct JSONValueEncodingTests {
    struct State: Encodable {
        var status = "running"
        var running = true
        var pid = 42
        var exitCode = 0
        var cpu = 1.5
        var ratio: Float = 0.1
        var finishedAt: String? = nil
    }

    struct Container: Encodable {
        var name = "/web"
        var state = State()
        var args = ["-f", "-p", "80"]
        var labels = ["zeta": "1", "alpha": "2", "mid": "3"]
        var networks = ["my-bridge": Network(ipAddress: "10.0.0.2")]
    }

    struct Network: Encodable {
        var ipAddress: String
        enum CodingKeys: String, CodingKey { case ipAddress = "IPAddress" }
    }

    @Test func structsKeepDeclarationOrderAndIntegersStayIntegers() throws {
        let value = try JSONValue(encoding: State())
        guard case .object(let object) = value else { Issue.record("not an object: \(value)"); return }
        #expect(object.keys == ["status", "running", "pid", "exitCode", "cpu", "ratio"])
        #expect(object["pid"] == .integer(42))
        #expect(object["exitCode"] == .integer(0))
        #expect(object["cpu"] == .double(1.5))
        #expect(object["ratio"] == .double(0.1))
        #expect(object["finishedAt"] == nil)
    }

    @Test func dictionariesAreSortedLikeGoMaps() throws {
        for _ in 0..<5 {
            let value = try JSONValue(encoding: Container())
            guard case .object(let container) = value, case .object(let labels)? = container["labels"] else {
                Issue.record("unexpected shape: \(value)")
                return
            }
            #expect(container.keys == ["name", "state", "args", "labels", "networks"])
            #expect(labels.keys == ["alpha", "mid", "zeta"])
            #expect(container["networks"] == ["my-bridge": ["IPAddress": "10.0.0.2"]])
            #expect(container["args"] == ["-f", "-p", "80"])
        }
    }

    @Test func explicitNilsAndNestedContainersAreKept() throws {
        struct Custom: Encodable {
            func encode(to encoder: Encoder) throws {
                var keyed = encoder.container(keyedBy: JSONCodingKey.self)
                try keyed.encodeNil(forKey: JSONCodingKey(stringValue: "gone"))
                var list = keyed.nestedUnkeyedContainer(forKey: JSONCodingKey(stringValue: "list"))
                try list.encode(1)
                var inner = list.nestedContainer(keyedBy: JSONCodingKey.self)
                try inner.encode(UInt8(7), forKey: JSONCodingKey(stringValue: "b"))
                try list.encode(UInt64.max)
            }
        }
        let value = try JSONValue(encoding: Custom())
        #expect(value == ["gone": nil, "list": [1, ["b": 7], .double(Double(UInt64.max))]])
    }

    @Test func nonFiniteNumbersAreRefused() {
        #expect(throws: EncodingError.self) { try JSONValue(encoding: ["x": Double.nan]) }
        #expect(throws: EncodingError.self) { try JSONValue(encoding: [Double.infinity]) }
    }
}
