import JSONCodec

/// The functions a template can call: Go's builtins (and, or, not, len, index, print, printf,
/// println, eq, ne, lt, le, gt, ge) and docker's own (json, join, split, lower, upper). `and` and
/// `or` evaluate their arguments lazily, so the executor runs them itself.
enum TemplateFunctions {
    static let names: Set<String> = [
        "and", "or", "not", "len", "index", "print", "printf", "println",
        "eq", "ne", "lt", "le", "gt", "ge", "json", "join", "split", "lower", "upper",
    ]
    /// The functions that give a header back unchanged when a table's header is rendered.
    static let keepingHeaders: Set<String> = ["json", "join", "split", "lower", "upper"]

    /// Errors read as Go's do: "wrong number of args for len: want 1 got 2", "wrong type for value;
    /// expected string; got int", "error calling index: index out of range: 3".
    static func call(_ name: String, _ arguments: [JSONValue]) throws -> JSONValue {
        func count(_ want: Int) throws {
            if arguments.count != want { throw TemplateError("wrong number of args for \(name): want \(want) got \(arguments.count)") }
        }
        func atLeast(_ want: Int) throws {
            if arguments.count < want {
                throw TemplateError("wrong number of args for \(name): want at least \(want) got \(arguments.count)")
            }
        }
        func failure(_ message: String) -> TemplateError {
            TemplateError("error calling \(name): \(message)")
        }
        /// Runs the function's own work, whose errors Go reports as "error calling NAME: ...".
        func calling(_ body: () throws -> JSONValue) throws -> JSONValue {
            do { return try body() } catch let error as TemplateError { throw failure(error.description) }
        }
        func compare(_ body: () throws -> Bool) throws -> JSONValue {
            try calling { .bool(try body()) }
        }

        switch name {
        case "not":
            try count(1)
            return .bool(!GoComparison.isTrue(arguments[0]))
        case "len":
            try count(1)
            switch arguments[0] {
            case .string(let text): return .integer(text.utf8.count)
            case .array(let elements): return .integer(elements.count)
            case .object(let object): return .integer(object.count)
            case .null: throw failure("len of nil pointer")
            default: throw failure("len of type \(GoFormat.typeName(arguments[0]))")
            }
        case "index":
            try atLeast(1)
            return try calling { try arguments.dropFirst().reduce(arguments[0], index) }
        case "print":
            return .string(GoPrintf.sprint(arguments))
        case "println":
            return .string(GoPrintf.sprintln(arguments))
        case "printf":
            try atLeast(1)
            let format = try string(arguments[0])
            return try calling { .string(try GoPrintf.sprintf(format, Array(arguments.dropFirst()))) }
        case "eq":
            try atLeast(1)
            guard arguments.count > 1 else { throw failure("missing argument for comparison") }
            return try compare { try arguments.dropFirst().contains { try GoComparison.equal(arguments[0], $0) } }
        case "ne":
            try count(2)
            return try compare { try !GoComparison.equal(arguments[0], arguments[1]) }
        case "lt":
            try count(2)
            return try compare { try GoComparison.less(arguments[0], arguments[1]) }
        case "le":
            try count(2)
            return try compare {
                try GoComparison.less(arguments[0], arguments[1]) || GoComparison.equal(arguments[0], arguments[1])
            }
        case "gt":
            try count(2)
            return try compare {
                try !GoComparison.less(arguments[0], arguments[1]) && !GoComparison.equal(arguments[0], arguments[1])
            }
        case "ge":
            try count(2)
            return try compare { try !GoComparison.less(arguments[0], arguments[1]) }
        case "json":
            try count(1)
            return try calling {
                do { return .string(try GoJSON.encode(arguments[0])) } catch let error as JSONWriteError { throw TemplateError(error.description) }
            }
        case "join":
            try count(2)
            guard case .array(let elements) = arguments[0] else { throw wrongType("[]string", arguments[0]) }
            return .string(elements.map { GoFormat.format($0, verb: "v") }.joined(separator: try string(arguments[1])))
        case "split":
            try count(2)
            let text = try string(arguments[0]), separator = try string(arguments[1])
            let parts = separator.isEmpty
                ? text.unicodeScalars.map { String($0) }
                : text.split(separator: separator, omittingEmptySubsequences: false).map(String.init)
            return .array(parts.map(JSONValue.string))
        case "lower":
            try count(1)
            return .string(try string(arguments[0]).lowercased())
        case "upper":
            try count(1)
            return .string(try string(arguments[0]).uppercased())
        default:
            preconditionFailure("function \(name) is listed but not implemented here")
        }
    }

    /// A method of the rendered value (`.Label "KEY"`), its argument checked as Go checks a call.
    static func call(method name: String, _ method: GoTemplate.Method, _ arguments: [JSONValue]) throws -> JSONValue {
        if arguments.count != 1 { throw TemplateError("wrong number of args for \(name): want 1 got \(arguments.count)") }
        return .string(method(try string(arguments[0])))
    }

    /// Go's `index`: arrays by int, maps by string (a missing key gives null), null refuses.
    private static func index(_ item: JSONValue, _ key: JSONValue) throws -> JSONValue {
        switch (item, key) {
        case (.array(let elements), .integer(let i)):
            guard elements.indices.contains(i) else { throw TemplateError("index out of range: \(i)") }
            return elements[i]
        case (.array, _):
            throw TemplateError("cannot index slice/array with type \(GoFormat.typeName(key))")
        case (.object(let object), .string(let name)):
            return object[name] ?? .null
        case (.object, _):
            throw TemplateError("value has type \(GoFormat.typeName(key)); should be string")
        case (.null, _):
            throw TemplateError("index of untyped nil")
        default:
            throw TemplateError("can't index item of type \(GoFormat.typeName(item))")
        }
    }

    private static func string(_ value: JSONValue) throws -> String {
        guard case .string(let text) = value else { throw wrongType("string", value) }
        return text
    }

    private static func wrongType(_ expected: String, _ value: JSONValue) -> TemplateError {
        value == .null
            ? TemplateError("invalid value; expected \(expected)")
            : TemplateError("wrong type for value; expected \(expected); got \(GoFormat.typeName(value))")
    }
}
