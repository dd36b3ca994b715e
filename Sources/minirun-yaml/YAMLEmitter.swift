import JSONCodec
import Yams

/// JSON as YAML, mapping keys sorted: `compose config`'s output. Each value is represented as Yams'
/// YAMLEncoder represents the Swift value of the same kind, so a string that would read back as
/// another type ("8080", "true") comes out quoted.
enum YAMLEmitter {
    static func yaml(of value: JSONValue) throws -> String {
        try Yams.serialize(node: node(value), sortKeys: true)
    }

    private static func node(_ value: JSONValue) throws -> Node {
        switch value {
        case .null: return Node("null", Tag(.null))
        case .bool(let bool): return try bool.represented()
        case .integer(let integer): return try integer.represented()
        case .double(let double): return try double.represented()
        case .string(let string): return try string.represented()
        case .array(let items): return Node(try items.map(node))
        case .object(let object): return Node(try object.pairs.map { (Node($0.key), try node($0.value)) })
        }
    }
}
