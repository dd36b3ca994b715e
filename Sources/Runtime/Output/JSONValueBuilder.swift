/// A JSON value while `JSONValueEncoder` fills it in. Encoding containers are structs handed out by
/// value, so they share these references: a nested container returned earlier can still write into
/// its part of the tree.
final class JSONValueBuilder {
    private enum Content {
        case value(JSONValue)
        case object(keys: [String], children: [String: JSONValueBuilder])
        case array([JSONValueBuilder])
    }

    /// A value that asked for no container at all becomes an empty object, as with Foundation's
    /// JSONEncoder.
    private var content = Content.object(keys: [], children: [:])

    /// Set for Swift dictionaries: their iteration order is random, and Go writes maps sorted.
    var sortsKeys = false

    /// Whether dictionaries are told apart to sort their keys (see `JSONValueEncoder.encode`);
    /// inherited by every value below this one.
    let sortsMaps: Bool

    init(sortsMaps: Bool) {
        self.sortsMaps = sortsMaps
    }

    func set(_ value: JSONValue) {
        content = .value(value)
    }

    /// Turns this value into an object, keeping the keys it already has.
    func makeObject() {
        if case .object = content { return }
        content = .object(keys: [], children: [:])
    }

    /// Turns this value into an array, keeping the elements it already has.
    func makeArray() {
        if case .array = content { return }
        content = .array([])
    }

    /// A fresh value for `key` of this object; a key written twice keeps its first position.
    func child(forKey key: String) -> JSONValueBuilder {
        makeObject()
        guard case .object(var keys, var children) = content else { preconditionFailure("not an object") }
        let child = JSONValueBuilder(sortsMaps: sortsMaps)
        if children.updateValue(child, forKey: key) == nil { keys.append(key) }
        content = .object(keys: keys, children: children)
        return child
    }

    /// A fresh element at the end of this array.
    func appendChild() -> JSONValueBuilder {
        makeArray()
        guard case .array(var elements) = content else { preconditionFailure("not an array") }
        let child = JSONValueBuilder(sortsMaps: sortsMaps)
        elements.append(child)
        content = .array(elements)
        return child
    }

    /// How many elements this array has so far.
    var elementCount: Int {
        if case .array(let elements) = content { return elements.count }
        return 0
    }

    func build() -> JSONValue {
        switch content {
        case .value(let value):
            return value
        case .array(let elements):
            return .array(elements.map { $0.build() })
        case .object(let keys, let children):
            let object = JSONObject(keys.map { ($0, children[$0]!.build()) })
            return .object(sortsKeys ? object.sorted : object)
        }
    }
}
