import JSONCodec

/// Builds the tree of a template from its tokens, following the grammar and the error messages of
/// Go's text/template/parse: lists of text and actions, `if`/`else if`/`with`/`range` with
/// `{{else}}` and `{{end}}`, pipelines, and variables that must be declared before use.
struct TemplateParser {
    /// What ended a list of nodes.
    private enum Stop { case end, otherwise, endOfInput }

    private let source: [UInt8]
    private var lexer: TemplateLexer
    /// The tokens read so far, and a few read ahead.
    private var tokens: [TemplateToken] = []
    private var index = 0
    /// Variables in scope; a control structure drops the ones declared inside it at its {{end}}.
    private var variables = ["$"]

    static func parse(_ text: String) throws -> [TemplateNode] {
        var parser = TemplateParser(source: Array(text.utf8), lexer: TemplateLexer(text))
        let (nodes, _) = try parser.list(inControl: false)
        return nodes
    }

    private init(source: [UInt8], lexer: TemplateLexer) {
        self.source = source
        self.lexer = lexer
    }

    private mutating func list(inControl: Bool) throws -> ([TemplateNode], Stop) {
        var nodes: [TemplateNode] = []
        while true {
            let token = try next()
            switch token.kind {
            case .text(let text):
                nodes.append(.text(text))
            case .endOfInput:
                if inControl { throw error("unexpected EOF", token) }
                return (nodes, .endOfInput)
            default: // the "{{" of an action or a keyword
                if case .identifier(let word) = try peek().kind {
                    switch word {
                    case "end":
                        let keyword = try next()
                        try expectRightDelimiter(in: "end")
                        guard inControl else { throw error("unexpected {{end}}", keyword) }
                        return (nodes, .end)
                    case "else":
                        let keyword = try next()
                        guard inControl else { throw error("unexpected {{else}}", keyword) }
                        return (nodes, .otherwise)
                    case "if", "with", "range":
                        try next()
                        nodes.append(try control(word))
                        continue
                    case "define", "template", "block", "break", "continue":
                        throw error("{{\(word)}} is not supported", try next())
                    default:
                        break
                    }
                }
                nodes.append(.action(try pipeline(context: "command", closedBy: .rightDelimiter)))
            }
        }
    }

    /// After `{{if`, `{{with` or `{{range`: the pipeline, the body, an optional {{else}} part
    /// (`{{else if ...}}` nests an if that shares the {{end}}), and the {{end}}.
    private mutating func control(_ keyword: String) throws -> TemplateNode {
        let scope = variables.count
        defer { variables.removeSubrange(scope...) }
        let condition = try pipeline(context: keyword, closedBy: .rightDelimiter)
        let (body, stop) = try list(inControl: true)
        var otherwise: [TemplateNode] = []
        if stop == .otherwise {
            if keyword == "if", try peek().kind == .identifier("if") {
                try next()
                otherwise = [try control("if")]
            } else {
                try expectRightDelimiter(in: "else")
                let (nodes, stop) = try list(inControl: true)
                if stop != .end { throw error("expected end; found {{else}}", tokens[index - 1]) }
                otherwise = nodes
            }
        }
        switch keyword {
        case "if": return .ifBlock(condition, body: body, otherwise: otherwise)
        case "with": return .withBlock(condition, body: body, otherwise: otherwise)
        default: return .rangeBlock(condition, body: body, otherwise: otherwise)
        }
    }

    /// Declarations, then commands separated by "|", up to and including `closing`.
    private mutating func pipeline(context: String, closedBy closing: TemplateToken.Kind) throws -> TemplatePipeline {
        var declarations: [String] = []
        while case .variable(let name) = try peek().kind, [.declare, .comma].contains(try peek(1).kind) {
            try next()
            let separator = try next()
            declarations.append(name)
            variables.append(name)
            if separator.kind == .declare { break }
            guard context == "range", declarations.count == 1 else { throw error("too many declarations in \(context)", separator) }
            guard case .variable = try peek().kind else { throw error("range can only initialize variables", try peek()) }
        }
        var commands: [TemplateCommand] = []
        while true {
            let token = try peek()
            if token.kind == closing {
                try next()
                break
            }
            guard startsOperand(token) else { throw unexpected(token, in: context) }
            commands.append(try command(closedBy: closing))
        }
        guard !commands.isEmpty else { throw error("missing value for \(context)", tokens[index - 1]) }
        for (stage, command) in commands.enumerated().dropFirst() {
            switch command.operands[0].kind {
            case .literal, .dot: throw error("non executable command in pipeline stage \(stage + 1)", tokens[index - 1])
            default: continue
            }
        }
        return TemplatePipeline(declarations: declarations, commands: commands)
    }

    /// Operands separated by blanks, up to a "|" (consumed) or the end of the pipeline (not consumed).
    private mutating func command(closedBy closing: TemplateToken.Kind) throws -> TemplateCommand {
        let start = try peek().start
        var operands: [TemplateOperand] = []
        while true {
            operands.append(try operand())
            let token = try peek()
            if token.kind == .pipe {
                try next()
                break
            }
            if token.kind == closing || token.kind == .rightDelimiter || token.kind == .rightParen { break }
            guard token.spaceBefore, startsOperand(token) else { throw unexpected(token, in: "operand") }
        }
        return TemplateCommand(operands: operands, offset: start, text: text(from: start))
    }

    /// A term and the fields chained right after it: `.A.B`, `$x.A`, `(pipeline).A`.
    private mutating func operand() throws -> TemplateOperand {
        let token = try next()
        var kind: TemplateOperand.Kind
        switch token.kind {
        case .dot:
            kind = .dot
        case .field(let name):
            kind = .field([name])
        case .variable(let name):
            guard variables.contains(name) else { throw error("undefined variable \"\(name)\"", token) }
            kind = .variable(name, fields: [])
        case .string(let text):
            kind = .literal(.string(text))
        case .number(let text):
            kind = .literal(try number(text, token))
        case .leftParen:
            kind = .pipeline(try pipeline(context: "parenthesized pipeline", closedBy: .rightParen), fields: [])
        case .identifier("true"), .identifier("false"):
            kind = .literal(.bool(token.text == "true"))
        case .identifier("nil"):
            kind = .literal(.null)
        case .identifier(let name) where !TemplateToken.keywords.contains(name):
            guard TemplateFunctions.names.contains(name) else { throw error("function \"\(name)\" not defined", token) }
            kind = .function(name)
        default:
            throw unexpected(token, in: "operand")
        }
        var chain: [String] = []
        while case .field(let name) = try peek().kind, try !peek().spaceBefore {
            try next()
            chain.append(name)
        }
        if !chain.isEmpty {
            switch kind {
            case .field(let fields): kind = .field(fields + chain)
            case .variable(let name, let fields): kind = .variable(name, fields: fields + chain)
            case .pipeline(let pipeline, let fields): kind = .pipeline(pipeline, fields: fields + chain)
            default: throw error("unexpected . after term \(GoQuote.quote(token.text))", token)
            }
        }
        return TemplateOperand(kind: kind, offset: token.start, text: text(from: token.start))
    }

    /// Go's rule: with a point or an exponent a number is a float64, otherwise an int.
    private func number(_ text: String, _ token: TemplateToken) throws -> JSONValue {
        if text.contains(where: { ".eE".contains($0) }) {
            guard let value = Double(text.hasSuffix(".") ? text + "0" : text), value.isFinite else {
                throw error("illegal number syntax: \(GoQuote.quote(text))", token)
            }
            return .double(value)
        }
        guard let value = Int(text) else { throw error("integer overflow: \(GoQuote.quote(text))", token) }
        return .integer(value)
    }

    private func startsOperand(_ token: TemplateToken) -> Bool {
        switch token.kind {
        case .dot, .field, .variable, .string, .number, .leftParen: return true
        case .identifier(let word): return !TemplateToken.keywords.contains(word) || word == "nil"
        default: return false
        }
    }

    private mutating func expectRightDelimiter(in context: String) throws {
        let token = try next()
        guard token.kind == .rightDelimiter else { throw unexpected(token, in: context) }
    }

    @discardableResult
    private mutating func next() throws -> TemplateToken {
        let token = try peek()
        index += 1
        return token
    }

    private mutating func peek(_ ahead: Int = 0) throws -> TemplateToken {
        while tokens.count <= index + ahead { tokens.append(try lexer.next()) }
        return tokens[index + ahead]
    }

    /// The source from `start` to the end of the last token read.
    private func text(from start: Int) -> String {
        String(decoding: source[start..<max(start, tokens[index - 1].end)], as: UTF8.self)
    }

    private func unexpected(_ token: TemplateToken, in context: String) -> TemplateError {
        error("unexpected \(token.quoted) in \(context)", token)
    }

    private func error(_ message: String, _ token: TemplateToken) -> TemplateError {
        TemplateError.parse(message, at: token.start, in: source)
    }
}
