import JSONCodec
import Yams

/// A compose file's YAML, parsed by libyaml through Yams, as the JSON tree `minirun-yaml tree`
/// prints (Compose's ComposeNode reads it back): mappings keep their order and every node and key
/// its line and column; scalars stay text; aliases come resolved and merge keys applied.
enum YAMLTree {
    static func parse(_ text: String, file: String) throws -> JSONValue {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw YAMLProblem(message: describe(error, file: file))
        }
        // An empty file: an empty mapping at its start.
        guard let root else { return .object(JSONObject([("map", .array([])), ("at", .array([.integer(1), .integer(1)]))])) }
        return try convert(root, file: file)
    }

    private static func convert(_ node: Node, file: String) throws -> JSONValue {
        switch node {
        case .scalar(let scalar):
            var fields: [(String, JSONValue)] = [("s", .string(scalar.string))]
            if node.tag.description == Tag.Name.null.rawValue { fields.append(("null", .bool(true))) }
            return self.node(fields, at: node.mark)
        case .sequence(let sequence):
            return self.node([("list", .array(try sequence.map { try convert($0, file: file) }))], at: node.mark)
        case .mapping(let mapping):
            var entries: [(key: String, entry: JSONValue)] = []
            for (key, value) in mapping {
                guard let name = key.scalar?.string else {
                    throw YAMLProblem(message: "\(position(node.mark, file: file)): a mapping key must be a string")
                }
                if name == "<<" {  // a merge key: the aliased mapping's entries, which the mapping's own override
                    for merged in mergedEntries(try convert(value, file: file)) where !entries.contains(where: { $0.key == merged.key }) {
                        entries.append(merged)
                    }
                    continue
                }
                entries.removeAll { $0.key == name }
                let entry = JSONValue.object(JSONObject([("k", .string(name)), ("at", at(key.mark)), ("v", try convert(value, file: file))]))
                entries.append((name, entry))
            }
            return self.node([("map", .array(entries.map(\.entry)))], at: node.mark)
        case .alias(let alias):
            throw YAMLProblem(message: "\(position(node.mark, file: file)): unresolved alias *\(alias.anchor)")
        }
    }

    /// The entries of a converted mapping, each with its key.
    private static func mergedEntries(_ converted: JSONValue) -> [(key: String, entry: JSONValue)] {
        guard case .object(let object) = converted, case .array(let entries)? = object["map"] else { return [] }
        return entries.compactMap { entry in
            guard case .object(let fields) = entry, case .string(let key)? = fields["k"] else { return nil }
            return (key, entry)
        }
    }

    private static func node(_ fields: [(String, JSONValue)], at mark: Mark?) -> JSONValue {
        .object(JSONObject(fields + [("at", at(mark))]))
    }

    private static func at(_ mark: Mark?) -> JSONValue {
        .array([.integer(mark?.line ?? 0), .integer(mark?.column ?? 0)])
    }

    private static func position(_ mark: Mark?, file: String) -> String {
        "\(file):\(mark?.line ?? 0):\(mark?.column ?? 0)"
    }

    /// "FILE:LINE:COLUMN: PROBLEM" from libyaml's error, as one line.
    static func describe(_ error: YamlError, file: String) -> String {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let while_ = context.map { " (\($0.text) at line \($0.mark.line), column \($0.mark.column))" } ?? ""
            return "\(file):\(mark.line):\(mark.column): invalid YAML: \(problem)\(while_)"
        case .duplicatedKeysInMapping(let duplicates, let context):
            return "\(file):\(context.mark.line):\(context.mark.column): invalid YAML: duplicate key \(duplicates.sorted().joined(separator: ", "))"
        case .reader(let problem, _, _, _):
            return "\(file): invalid YAML: \(problem)"
        default:
            return "\(file): invalid YAML: \(error)"
        }
    }
}
