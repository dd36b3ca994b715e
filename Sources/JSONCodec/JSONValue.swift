/// A JSON document, as minirun reads and writes it and templates see it. Integers and doubles stay
/// apart so that Go-style printing shows an exit code 0 as "0" and 1.5 as "1.5"; objects keep their
/// keys in order (see `JSONObject`).
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case integer(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}
