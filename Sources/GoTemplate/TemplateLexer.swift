/// Splits a template into tokens the way Go's text/template lexer does, one token at a time so
/// that the parser reports the first mistake in the text: runs of text, and inside `{{ }}` the
/// pieces of pipelines. `{{- ` and ` -}}` trim the blanks of the neighbouring text here.
struct TemplateLexer {
    private let source: [UInt8]
    private var position = 0
    private var insideAction = false
    /// Set by ` -}}` for the text that follows.
    private var trimLeadingBlanks = false
    private var sawSpace = false

    init(_ text: String) {
        source = Array(text.utf8)
    }

    /// The next token; `.endOfInput` again and again once the text is used up.
    mutating func next() throws -> TemplateToken {
        if insideAction { return try actionToken() }
        let open = findLeftDelimiter(from: position) ?? source.count
        let trimsBefore = open + 3 < source.count && source[open + 2] == UInt8(ascii: "-") && isBlank(source[open + 3])
        if position < open {
            var start = position, end = open
            if trimLeadingBlanks { while start < end && isBlank(source[start]) { start += 1 } }
            if trimsBefore { while end > start && isBlank(source[end - 1]) { end -= 1 } }
            trimLeadingBlanks = false
            position = open
            if start < end { return token(.text(string(start, end)), start, end) }
        }
        guard open < source.count else { return token(.endOfInput, source.count, source.count) }
        position = open + (trimsBefore ? 4 : 2)
        insideAction = true
        return token(.leftDelimiter, open, position)
    }

    /// One token inside an action, blanks skipped; the closing `}}` or ` -}}` leaves the action.
    private mutating func actionToken() throws -> TemplateToken {
        while true {
            if at("}}") {
                insideAction = false
                position += 2
                return token(.rightDelimiter, position - 2, position)
            }
            guard position < source.count else { throw error("unclosed action") }
            let c = source[position]
            if isBlank(c) {
                if at("-}}", offset: 1) {
                    insideAction = false
                    trimLeadingBlanks = true
                    position += 4
                    return token(.rightDelimiter, position - 4, position)
                }
                position += 1
                sawSpace = true
                continue
            }
            let start = position
            switch c {
            case UInt8(ascii: "|"): return single(.pipe)
            case UInt8(ascii: "("): return single(.leftParen)
            case UInt8(ascii: ")"): return single(.rightParen)
            case UInt8(ascii: ","): return single(.comma)
            case UInt8(ascii: ":"):
                guard position + 1 < source.count && source[position + 1] == UInt8(ascii: "=") else { throw error("expected :=") }
                position += 2
                return token(.declare, start, position)
            case UInt8(ascii: "\""): return try quotedString()
            case UInt8(ascii: "`"): return try rawString()
            case UInt8(ascii: "$"):
                position += 1
                return try word(from: start) { .variable("$" + $0) }
            case UInt8(ascii: "."):
                if position + 1 < source.count && isDigit(source[position + 1]) { return try number() }
                position += 1
                return try word(from: start) { $0.isEmpty ? .dot : .field($0) }
            case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                return try number()
            default:
                if isWordByte(c) { return try word(from: start) { .identifier($0) } }
                if c >= 0x20 && c < 0x7F { return single(.character) }
                throw error("unrecognized character in action: \(describe(c))")
            }
        }
    }

    private mutating func single(_ kind: TemplateToken.Kind) -> TemplateToken {
        position += 1
        return token(kind, position - 1, position)
    }

    /// The letters, digits and underscores from the current position (after a $ or . that began the
    /// token at `tokenStart`); the name must end where a token may end.
    private mutating func word(from tokenStart: Int, _ make: (String) -> TemplateToken.Kind) throws -> TemplateToken {
        let nameStart = position
        while position < source.count && isWordByte(source[position]) { position += 1 }
        try expectTerminator()
        return token(make(string(nameStart, position)), tokenStart, position)
    }

    /// Go's number syntax in decimal: sign, digits, fraction, exponent.
    private mutating func number() throws -> TemplateToken {
        let start = position
        if source[position] == UInt8(ascii: "+") || source[position] == UInt8(ascii: "-") { position += 1 }
        var digits = skipDigits()
        if position < source.count && source[position] == UInt8(ascii: ".") {
            position += 1
            digits += skipDigits()
        }
        if digits > 0 && position < source.count && (source[position] | 0x20) == UInt8(ascii: "e") {
            position += 1
            if position < source.count && (source[position] == UInt8(ascii: "+") || source[position] == UInt8(ascii: "-")) { position += 1 }
            if skipDigits() == 0 { digits = 0 }
        }
        if digits == 0 || (position < source.count && isWordByte(source[position])) {
            while position < source.count && isWordByte(source[position]) { position += 1 }
            throw error("bad number syntax: \(GoQuote.quote(string(start, position)))")
        }
        return token(.number(string(start, position)), start, position)
    }

    private mutating func skipDigits() -> Int {
        let start = position
        while position < source.count && isDigit(source[position]) { position += 1 }
        return position - start
    }

    /// A double-quoted string with Go's escapes; it may not span lines.
    private mutating func quotedString() throws -> TemplateToken {
        let start = position
        var bytes: [UInt8] = []
        position += 1
        while true {
            guard position < source.count, source[position] != UInt8(ascii: "\n") else { throw error("unterminated quoted string") }
            let c = source[position]
            position += 1
            if c == UInt8(ascii: "\"") { break }
            if c == UInt8(ascii: "\\") {
                bytes += try escape()
            } else {
                bytes.append(c)
            }
        }
        return token(.string(String(decoding: bytes, as: UTF8.self)), start, position)
    }

    /// One escape after a backslash: \a \b \f \n \r \t \v \\ \" \xHH \uHHHH \UHHHHHHHH and octal \OOO.
    private mutating func escape() throws -> [UInt8] {
        guard position < source.count else { throw error("unterminated quoted string") }
        let c = source[position]
        position += 1
        let simple: [UInt8: UInt8] = [
            UInt8(ascii: "a"): 7, UInt8(ascii: "b"): 8, UInt8(ascii: "f"): 12, UInt8(ascii: "n"): 10, UInt8(ascii: "r"): 13,
            UInt8(ascii: "t"): 9, UInt8(ascii: "v"): 11, UInt8(ascii: "\\"): 92, UInt8(ascii: "\""): 34,
        ]
        if let byte = simple[c] { return [byte] }
        func digits(_ count: Int, radix: Int) throws -> UInt32 {
            guard position + count <= source.count, source[position] != UInt8(ascii: "+"),
                  let value = UInt32(string(position, position + count), radix: radix)
            else {
                throw error("invalid syntax in quoted string")
            }
            position += count
            return value
        }
        switch c {
        case UInt8(ascii: "x"):
            return [UInt8(try digits(2, radix: 16))]
        case UInt8(ascii: "0")...UInt8(ascii: "7"):
            position -= 1
            let value = try digits(3, radix: 8)
            guard value < 256 else { throw error("invalid syntax in quoted string") }
            return [UInt8(value)]
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            guard let scalar = Unicode.Scalar(try digits(c == UInt8(ascii: "u") ? 4 : 8, radix: 16)) else {
                throw error("invalid syntax in quoted string")
            }
            return Array(String(scalar).utf8)
        default:
            throw error("invalid syntax in quoted string")
        }
    }

    /// A back-quoted string: no escapes, may span lines.
    private mutating func rawString() throws -> TemplateToken {
        let start = position
        guard let close = source[(position + 1)...].firstIndex(of: UInt8(ascii: "`")) else {
            throw error("unterminated raw quoted string")
        }
        position = close + 1
        return token(.string(string(start + 1, close)), start, position)
    }

    /// Go ends a name at a blank, a delimiter, or one of . , | : ( ).
    private func expectTerminator() throws {
        guard position < source.count else { return }
        let c = source[position]
        if isBlank(c) || at("}}") || ".,|:()".utf8.contains(c) { return }
        throw error("bad character \(describe(c))")
    }

    /// Go's %#U: "U+007D '}'", the character shown only when printable.
    private func describe(_ c: UInt8) -> String {
        let hex = String(c, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: 4 - hex.count) + hex
        return c >= 0x20 && c < 0x7F ? code + " '" + String(UnicodeScalar(c)) + "'" : code
    }

    private mutating func token(_ kind: TemplateToken.Kind, _ start: Int, _ end: Int) -> TemplateToken {
        defer { sawSpace = false }
        return TemplateToken(kind: kind, start: start, end: end, spaceBefore: sawSpace, text: string(start, end))
    }

    private func error(_ message: String) -> TemplateError {
        TemplateError.parse(message, at: min(position, source.count), in: source)
    }

    /// Whether `text` follows `offset` bytes after the current position.
    private func at(_ text: String, offset: Int = 0) -> Bool {
        let start = position + offset
        return start + text.utf8.count <= source.count && source[start..<(start + text.utf8.count)].elementsEqual(text.utf8)
    }

    /// The offset of the next "{{" from `start`.
    private func findLeftDelimiter(from start: Int) -> Int? {
        var i = start
        while i + 1 < source.count {
            if source[i] == UInt8(ascii: "{") && source[i + 1] == UInt8(ascii: "{") { return i }
            i += 1
        }
        return nil
    }

    private func string(_ start: Int, _ end: Int) -> String {
        String(decoding: source[start..<end], as: UTF8.self)
    }

    private func isBlank(_ c: UInt8) -> Bool {
        c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\r") || c == UInt8(ascii: "\n")
    }

    private func isDigit(_ c: UInt8) -> Bool {
        c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")
    }

    /// Letters, digits, underscore, and every byte of a non-ASCII character (Go allows Unicode letters).
    private func isWordByte(_ c: UInt8) -> Bool {
        isDigit(c) || c == UInt8(ascii: "_") || ((c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "z")) || c >= 0x80
    }
}
