/// The Go types of the fields a caller's JSON stands for, as far as a nil needs them.
///
/// docker's inspect runs a template over Go structs, where a field that is nil prints as its type's
/// zero: "[]" for a slice, "map[]" for a map, "<nil>" for a pointer, "" for a string that JSON left
/// out. A JSON value has lost those types (null, or no key at all), so the caller names them here;
/// a field not named prints "<no value>", as a missing key of a map does.
public struct GoFieldTypes: Sendable {
    public enum Kind: Sendable {
        case slice, map, pointer, string
        /// A map[string]string, whose `index` by a missing key is "".
        case stringMap

        /// What fmt prints for this type's zero value.
        var zero: String {
            switch self {
            case .slice: "[]"
            case .map, .stringMap: "map[]"
            case .pointer: "<nil>"
            case .string: ""
            }
        }
    }

    /// Keyed by a field's name, or by "Parent.Name" where one name has two types ("LogConfig.Config"
    /// is a map, "IPAM.Config" a slice); the longer key wins.
    private let kinds: [String: Kind]

    public init(_ kinds: [String: Kind]) {
        self.kinds = kinds
    }

    public static let none = GoFieldTypes([:])

    /// The type of the last of `fields`, read from an object.
    func kind(of fields: [String]) -> Kind? {
        guard let name = fields.last else { return nil }
        if fields.count > 1, let kind = kinds[fields[fields.count - 2] + "." + name] { return kind }
        return kinds[name]
    }
}
