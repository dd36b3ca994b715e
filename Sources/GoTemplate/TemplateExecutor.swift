import JSONCodec

/// Runs a parsed template over a JSON value, the way Go's text/template executes over the maps
/// and slices that encoding/json decodes into.
///
/// A key that an object lacks, and a null, both read as a missing value: printed alone it shows
/// "<no value>", and asking it for a further field gives a missing value again. Go does the same
/// for maps; docker's inspect runs over Go structs, where an unknown field is an error, but this
/// runtime cannot tell a struct's field from a map's key. A nil field of a type the caller names in
/// `GoFieldTypes` prints that type's zero instead, and `len` of a nil slice or map is 0, as over a
/// struct.
struct TemplateExecutor {
    private let source: [UInt8]
    private(set) var output = ""
    /// Variables in scope, innermost last; "$" is the root value.
    private var variables: [(name: String, value: JSONValue)]
    /// Whether this renders a table's header (see `GoTemplate.renderHeader`).
    private let headers: Bool
    /// Methods of the root value, called as `.Name ARG...`.
    private let methods: [String: GoTemplate.Method]
    private let fieldTypes: GoFieldTypes
    /// The type of the field the last operand read from an object, when the caller typed it; nil
    /// after anything else, a function's result included.
    private var fieldKind: GoFieldTypes.Kind?

    init(root: JSONValue, source: String, headers: Bool, methods: [String: GoTemplate.Method], fieldTypes: GoFieldTypes) {
        self.source = Array(source.utf8)
        variables = [("$", root)]
        self.headers = headers
        self.methods = methods
        self.fieldTypes = fieldTypes
    }

    mutating func run(_ nodes: [TemplateNode], dot: JSONValue) throws {
        for node in nodes {
            let scope = variables.count
            switch node {
            case .text(let text):
                output += text
            case .action(let pipeline):
                let value = try evaluate(pipeline, dot: dot)
                guard pipeline.declarations.isEmpty else { break }
                output += value == .null ? fieldKind?.zero ?? GoFormat.action(value) : GoFormat.action(value)
            case .ifBlock(let pipeline, let body, let otherwise):
                let condition = GoComparison.isTrue(try evaluate(pipeline, dot: dot))
                try run(condition ? body : otherwise, dot: dot)
                variables.removeSubrange(scope...)
            case .withBlock(let pipeline, let body, let otherwise):
                let value = try evaluate(pipeline, dot: dot)
                if GoComparison.isTrue(value) {
                    try run(body, dot: value)
                } else {
                    try run(otherwise, dot: dot)
                }
                variables.removeSubrange(scope...)
            case .rangeBlock(let pipeline, let body, let otherwise):
                try range(pipeline, body: body, otherwise: otherwise, dot: dot)
                variables.removeSubrange(scope...)
            }
        }
    }

    /// Each element of an array, or each value of an object by sorted key, becomes dot; with
    /// `$k, $v :=` the index or key goes to the first variable and the element to the last.
    private mutating func range(_ pipeline: TemplatePipeline, body: [TemplateNode], otherwise: [TemplateNode], dot: JSONValue) throws {
        let value = try evaluate(pipeline, dot: dot)
        let items: [(key: JSONValue, element: JSONValue)]
        switch value {
        case .array(let elements): items = elements.enumerated().map { (.integer($0.offset), $0.element) }
        case .object(let object): items = object.sortedPairs.map { (.string($0.key), $0.value) }
        case .null: items = []
        default: throw error("range can't iterate over \(GoFormat.format(value, verb: "v"))", at: pipeline.commands[0].offset, pipeline.commands[0].text)
        }
        if items.isEmpty { return try run(otherwise, dot: dot) }
        let scope = variables.count
        for item in items {
            variables.removeSubrange(scope...)
            let declared = pipeline.declarations.count
            if declared > 0 { variables[scope - 1].value = item.element }
            if declared > 1 { variables[scope - 2].value = item.key }
            try run(body, dot: item.element)
        }
    }

    /// Runs the commands in turn, each one's value the last argument of the next, and declares the
    /// pipeline's variables with the result.
    private mutating func evaluate(_ pipeline: TemplatePipeline, dot: JSONValue) throws -> JSONValue {
        var value: JSONValue?
        for command in pipeline.commands {
            value = try evaluate(command, dot: dot, final: value)
        }
        for name in pipeline.declarations { variables.append((name, value!)) }
        return value!
    }

    private mutating func evaluate(_ command: TemplateCommand, dot: JSONValue, final: JSONValue?) throws -> JSONValue {
        let head = command.operands[0]
        if case .function(let name) = head.kind {
            defer { fieldKind = nil }
            return try call(name, Array(command.operands.dropFirst()), final: final, dot: dot, command: command)
        }
        if let (name, method) = method(head, dot: dot) {
            var arguments = try command.operands.dropFirst().map { try evaluate($0, dot: dot) }
            if let final { arguments.append(final) }
            defer { fieldKind = nil }
            do {
                return try TemplateFunctions.call(method: name, method, arguments)
            } catch let failure as TemplateError {
                throw error(failure.description, at: command.offset, command.text)
            }
        }
        guard command.operands.count == 1 && final == nil else {
            throw error("can't give argument to non-function \(head.text)", at: head.offset, head.text)
        }
        if case .literal(.null) = head.kind { throw error("nil is not a command", at: head.offset, head.text) }
        return try evaluate(head, dot: dot)
    }

    /// The root value's method that a command's head names (`.Label`), while dot is the root.
    private func method(_ head: TemplateOperand, dot: JSONValue) -> (String, GoTemplate.Method)? {
        guard case .field(let fields) = head.kind, fields.count == 1, let method = methods[fields[0]], dot == variables[0].value else {
            return nil
        }
        return (fields[0], method)
    }

    private mutating func evaluate(_ operand: TemplateOperand, dot: JSONValue) throws -> JSONValue {
        switch operand.kind {
        case .dot:
            fieldKind = nil
            return dot
        case .literal(let value):
            fieldKind = nil
            return value
        case .function(let name):
            defer { fieldKind = nil }
            return try call(name, [], final: nil, dot: dot,
                            command: TemplateCommand(operands: [operand], offset: operand.offset, text: operand.text))
        case .field(let fields):
            return try lookUp(fields, in: dot, operand)
        case .variable(let name, let fields):
            let value = variables.last { $0.name == name }!.value
            return try lookUp(fields, in: value, operand)
        case .pipeline(let pipeline, let fields):
            return try lookUp(fields, in: try evaluate(pipeline, dot: dot), operand)
        }
    }

    private mutating func lookUp(_ fields: [String], in value: JSONValue, _ operand: TemplateOperand) throws -> JSONValue {
        fieldKind = nil
        var value = value
        for (index, name) in fields.enumerated() {
            switch value {
            case .object(let object):
                value = object[name] ?? .null
                fieldKind = fieldTypes.kind(of: Array(fields[...index]))
            case .null:
                // A field of a nil is missing, whatever its own type.
                fieldKind = nil
            default:
                throw error("can't evaluate field \(name) in type \(GoFormat.typeName(value))", at: operand.offset, operand.text)
            }
        }
        return value
    }

    private mutating func call(_ name: String, _ operands: [TemplateOperand], final: JSONValue?, dot: JSONValue,
                               command: TemplateCommand) throws -> JSONValue
    {
        if name == "and" || name == "or" {
            guard !operands.isEmpty || final != nil else {
                throw error("wrong number of args for \(name): want at least 1 got 0", at: command.offset, command.text)
            }
            var value = JSONValue.null
            for operand in operands {
                value = try evaluate(operand, dot: dot)
                if GoComparison.isTrue(value) == (name == "or") { return value }
            }
            return final ?? value
        }
        let finalKind = fieldKind
        var arguments: [JSONValue] = []
        var kinds: [GoFieldTypes.Kind?] = []
        for operand in operands {
            arguments.append(try evaluate(operand, dot: dot))
            kinds.append(fieldKind)
        }
        if let final {
            arguments.append(final)
            kinds.append(finalKind)
        }
        if let typed = typedResult(name, arguments, kinds) { return typed }
        if headers, TemplateFunctions.keepingHeaders.contains(name), let header = arguments.first { return header }
        do {
            return try TemplateFunctions.call(name, arguments)
        } catch let failure as TemplateError {
            throw error(failure.description, at: command.offset, command.text)
        }
    }

    /// What `len` and `index` give over a typed field where its JSON lost the type: a nil slice or
    /// map has length 0, and a map of strings has "" for a key it lacks.
    private func typedResult(_ name: String, _ arguments: [JSONValue], _ kinds: [GoFieldTypes.Kind?]) -> JSONValue? {
        switch name {
        case "len" where arguments == [.null] && [.slice, .map, .stringMap].contains(kinds[0]):
            return .integer(0)
        case "index" where arguments.count == 2 && kinds[0] == .stringMap:
            guard case .string(let key) = arguments[1] else { return nil }
            if case .object(let object) = arguments[0] { return object[key] ?? .string("") }
            return arguments[0] == .null ? .string("") : nil
        default:
            return nil
        }
    }

    private func error(_ message: String, at offset: Int, _ context: String) -> TemplateError {
        TemplateError.execution(message, at: offset, context: context, in: source)
    }
}
