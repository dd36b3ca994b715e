/// A JSON object that remembers the order its keys came in: a struct's keys in declaration order
/// (as Go's json.Marshal writes struct fields), a dictionary's keys sorted (as Go writes maps).
public struct JSONObject: Sendable, Equatable {
    public private(set) var keys: [String] = []
    private var values: [String: JSONValue] = [:]

    public init() {}

    /// Later duplicates replace earlier ones and keep the earlier position.
    public init(_ pairs: [(String, JSONValue)]) {
        for (key, value) in pairs { self[key] = value }
    }

    public var count: Int { keys.count }

    public subscript(key: String) -> JSONValue? {
        get { values[key] }
        set {
            if let newValue {
                if values.updateValue(newValue, forKey: key) == nil { keys.append(key) }
            } else if values.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }

    /// The pairs in stored order.
    public var pairs: [(key: String, value: JSONValue)] {
        keys.map { ($0, values[$0]!) }
    }

    /// The pairs ordered by key bytes, the order in which Go prints and ranges over a map.
    public var sortedPairs: [(key: String, value: JSONValue)] {
        keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { ($0, values[$0]!) }
    }

    /// The same object with its keys sorted.
    public var sorted: JSONObject {
        JSONObject(sortedPairs.map { ($0.key, $0.value) })
    }
}
