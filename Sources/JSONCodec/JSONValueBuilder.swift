/// A JSON value while `JSONValueEncoder` fills it in. Encoding containers are structs handed out by
/// value, so they share these references: a nested container returned earlier can still write into
/// its part of the tree.
final class JSONValueBuilder {
    private enum Kind {
        case value(JSONValue)
        case object
        case array
    }

    /// A value that asked for no container at all becomes an empty object, as with Foundation's
    /// JSONEncoder.
    private var kind = Kind.object
    /// An object's keys in the order first written, and its children; an array's elements. Stored
    /// apart from `kind` so that adding a child changes them in place instead of copying them.
    private var keys: [String] = []
    private var children: [String: JSONValueBuilder] = [:]
    private var elements: [JSONValueBuilder] = []

    /// Set for Swift dictionaries: their iteration order is random, and Go writes maps sorted.
    var sortsKeys = false

    /// Whether dictionaries are told apart to sort their keys (see `JSONValueEncoder.encode`);
    /// inherited by every value below this one.
    let sortsMaps: Bool

    init(sortsMaps: Bool) {
        self.sortsMaps = sortsMaps
    }

    func set(_ value: JSONValue) {
        kind = .value(value)
    }

    /// Turns this value into an object, keeping the keys it already has.
    func makeObject() {
        if case .object = kind { return }
        kind = .object
        keys = []
        children = [:]
    }

    /// Turns this value into an array, keeping the elements it already has.
    func makeArray() {
        if case .array = kind { return }
        kind = .array
        elements = []
    }

    /// A fresh value for `key` of this object; a key written twice keeps its first position.
    func child(forKey key: String) -> JSONValueBuilder {
        makeObject()
        let child = JSONValueBuilder(sortsMaps: sortsMaps)
        if children.updateValue(child, forKey: key) == nil { keys.append(key) }
        return child
    }

    /// A fresh element at the end of this array.
    func appendChild() -> JSONValueBuilder {
        makeArray()
        let child = JSONValueBuilder(sortsMaps: sortsMaps)
        elements.append(child)
        return child
    }

    /// How many elements this array has so far.
    var elementCount: Int {
        if case .array = kind { return elements.count }
        return 0
    }

    func build() -> JSONValue {
        switch kind {
        case .value(let value):
            return value
        case .array:
            return .array(elements.map { $0.build() })
        case .object:
            let object = JSONObject(keys.map { ($0, children[$0]!.build()) })
            return .object(sortsKeys ? object.sorted : object)
        }
    }
}
