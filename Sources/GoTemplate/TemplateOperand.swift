import JSONCodec

/// An argument or the head of a command, with where it stands in the template for errors.
struct TemplateOperand: Sendable {
    enum Kind: Sendable {
        /// `.`
        case dot
        /// A string, number, true, false or nil.
        case literal(JSONValue)
        /// A function name; as an argument it is called without arguments.
        case function(String)
        /// `.A.B`: fields of dot.
        case field([String])
        /// `$x.A.B`.
        case variable(String, fields: [String])
        /// `(pipeline).A.B`.
        case pipeline(TemplatePipeline, fields: [String])
    }

    var kind: Kind
    var offset: Int
    var text: String
}
