import JSONCodec
import Runtime

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

    /// Parses `text` (the contents of `file`) with libyaml through Yams, in minirun-yaml (`yaml`, the
    /// program's path: Yams and the Foundation it imports stay out of minirun). A syntax error names
    /// the file, line and column; a document that is not a mapping at its top is refused too.
    static func parse(_ text: String, file: String, yaml: String) throws -> ComposeNode {
        let result = try runHelperProgram(yaml, ["tree", file], input: Array(text.utf8))
        guard result.status == 0 else {
            throw RuntimeError(.invalidArgument, result.error.isEmpty ? "\(yaml) failed with status \(result.status)" : result.error)
        }
        let tree = try node(JSONValue(parsing: result.output), file: file)
        guard case .map = tree else {
            throw RuntimeError(.invalidArgument, "\(tree.position): the top level of a compose file must be a mapping")
        }
        return tree
    }

    /// A node of minirun-yaml's tree: {"s": TEXT, "null": true?}, {"list": [...]} or
    /// {"map": [{"k": KEY, "at": [LINE, COLUMN], "v": NODE}...]}, each with its "at".
    private static func node(_ value: JSONValue, file: String) throws -> ComposeNode {
        guard case .object(let fields) = value else { throw malformed(file) }
        let position = try self.position(fields["at"], file: file)
        switch (fields["s"], fields["list"], fields["map"]) {
        case (.string(let text)?, nil, nil):
            return .scalar(text, isNull: fields["null"] == .bool(true), position)
        case (nil, .array(let items)?, nil):
            return .list(try items.map { try node($0, file: file) }, position)
        case (nil, nil, .array(let entries)?):
            return .map(try entries.map { entry in
                guard case .object(let entry) = entry, case .string(let key)? = entry["k"], let value = entry["v"] else { throw malformed(file) }
                return (key, try node(value, file: file), try self.position(entry["at"], file: file))
            }, position)
        default:
            throw malformed(file)
        }
    }

    private static func position(_ value: JSONValue?, file: String) throws -> SourcePosition {
        guard case .array(let numbers)? = value, numbers.count == 2, case .integer(let line) = numbers[0], case .integer(let column) = numbers[1] else {
            throw malformed(file)
        }
        return SourcePosition(file: file, line: line, column: column)
    }

    private static func malformed(_ file: String) -> RuntimeError {
        RuntimeError(.system, "minirun-yaml gave a tree of \(file) that cannot be read")
    }
}
