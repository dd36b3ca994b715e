extension JSONValue {
    /// The same value with the keys of every object, at every depth, ordered by their bytes: what
    /// Foundation's `.sortedKeys` and Go's maps give.
    public var sortingAllKeys: JSONValue {
        switch self {
        case .array(let elements):
            return .array(elements.map(\.sortingAllKeys))
        case .object(let object):
            return .object(JSONObject(object.sortedPairs.map { ($0.key, $0.value.sortingAllKeys) }))
        default:
            return self
        }
    }
}
