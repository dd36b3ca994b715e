import Runtime
import Yams

/// Where a value was written: the file, and the line and column (from 1) that libyaml reports.
public struct SourcePosition: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public var description: String { "\(file):\(line):\(column)" }
}

/// One compose file's YAML as a plain tree: mappings keep their order, every node keeps its position
/// (for errors after interpolation and merging), scalars stay text until a key gives them a type.
indirect enum ComposeNode: Sendable {
    /// `isNull` for `~`, `null` and an empty value (`networks: {mynetwork: }`).
    case scalar(String, isNull: Bool, SourcePosition)
    case list([ComposeNode], SourcePosition)
    case map([Entry], SourcePosition)

    /// A mapping's key, its value, and where the key is written.
    typealias Entry = (key: String, value: ComposeNode, at: SourcePosition)

    var position: SourcePosition {
        switch self {
        case .scalar(_, _, let position), .list(_, let position), .map(_, let position): position
        }
    }

    /// The node's value when it is a scalar other than null.
    var text: String? {
        if case .scalar(let value, false, _) = self { return value }
        return nil
    }

    var isNull: Bool {
        if case .scalar(_, true, _) = self { return true }
        return false
    }

    var entries: [Entry]? {
        if case .map(let entries, _) = self { return entries }
        return nil
    }

    var items: [ComposeNode]? {
        if case .list(let items, _) = self { return items }
        return nil
    }

    subscript(key: String) -> ComposeNode? {
        entries?.last(where: { $0.key == key })?.value
    }

    /// Parses `text` (the contents of `file`) with libyaml through Yams. A syntax error names the file,
    /// line and column; a document that is not a mapping at its top is refused too.
    static func parse(_ text: String, file: String) throws -> ComposeNode {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw RuntimeError(.invalidArgument, Self.describe(error, file: file))
        }
        guard let root else { return .map([], SourcePosition(file: file, line: 1, column: 1)) }
        let tree = try convert(root, file: file)
        guard case .map = tree else {
            throw RuntimeError(.invalidArgument, "\(tree.position): the top level of a compose file must be a mapping")
        }
        return tree
    }

    private static func convert(_ node: Node, file: String) throws -> ComposeNode {
        let position = SourcePosition(file: file, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0)
        switch node {
        case .scalar(let scalar):
            return .scalar(scalar.string, isNull: node.tag.description == Tag.Name.null.rawValue, position)
        case .sequence(let sequence):
            return .list(try sequence.map { try convert($0, file: file) }, position)
        case .mapping(let mapping):
            var entries: [Entry] = []
            for (key, value) in mapping {
                guard let name = key.scalar?.string else {
                    throw RuntimeError(.invalidArgument, "\(position): a mapping key must be a string")
                }
                if name == "<<" {  // a merge key: the aliased mapping's entries, which the mapping's own override
                    for merged in (try convert(value, file: file)).entries ?? [] where !entries.contains(where: { $0.key == merged.key }) {
                        entries.append(merged)
                    }
                    continue
                }
                let converted = try convert(value, file: file)
                entries.removeAll { $0.key == name }
                let keyPosition = SourcePosition(file: file, line: key.mark?.line ?? 0, column: key.mark?.column ?? 0)
                entries.append((name, converted, keyPosition))
            }
            return .map(entries, position)
        case .alias(let alias):
            throw RuntimeError(.invalidArgument, "\(position): unresolved alias *\(alias.anchor)")
        }
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
