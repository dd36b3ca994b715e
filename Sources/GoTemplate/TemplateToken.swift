/// One token of a template: a run of text between actions, or one piece of an action.
struct TemplateToken: Equatable {
    enum Kind: Equatable {
        case text(String)
        case leftDelimiter
        case rightDelimiter
        /// Function names, keywords (if, else, end, range, with), true, false and nil.
        case identifier(String)
        /// ".Name", without the dot.
        case field(String)
        /// "$name" or "$", with the dollar.
        case variable(String)
        case dot
        /// A quoted or raw string, its escapes already resolved.
        case string(String)
        /// A number as written.
        case number(String)
        case pipe
        case declare
        case comma
        case leftParen
        case rightParen
        /// Any other printable character inside an action, for the parser to reject with context.
        case character
        case endOfInput
    }

    let kind: Kind
    /// Byte offsets of the token's source text.
    let start: Int
    let end: Int
    /// Whether blanks separate this token from the one before (arguments need them; field chains
    /// such as `(index .A "b").C` must not have them).
    let spaceBefore: Bool
    /// The source text, for error messages.
    let text: String

    static let keywords: Set<String> = ["if", "else", "end", "range", "with", "nil", "define", "template", "block", "break", "continue"]

    /// How Go's parser names a token in "unexpected X in Y": EOF, <keyword>, or the text quoted.
    var quoted: String {
        switch kind {
        case .endOfInput: return "EOF"
        case .dot: return "<.>"
        case .identifier(let word) where Self.keywords.contains(word): return "<\(word)>"
        default: return text.count > 10 ? GoQuote.quote(String(text.prefix(10))) + "..." : GoQuote.quote(text)
        }
    }
}
