/// One stage of a pipeline: a function with its arguments, or a single operand.
struct TemplateCommand: Sendable {
    var operands: [TemplateOperand]
    /// Where it starts and how it reads, for "executing ... at <...>" errors.
    var offset: Int
    var text: String
}
