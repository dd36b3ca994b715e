/// The one-line errors of templates, worded as Go's text/template words them so that messages
/// from docker's documentation and forums still apply.
public struct TemplateError: Error, CustomStringConvertible, Sendable {
    public let description: String

    init(_ description: String) {
        self.description = description
    }

    /// "template: :1: unexpected "}" in operand".
    static func parse(_ message: String, at offset: Int, in source: [UInt8]) -> TemplateError {
        TemplateError("template: :\(line(of: offset, in: source)): \(message)")
    }

    /// "template: :1:2: executing "" at <.Foo>: ...", the column counted from 0 like Go does.
    static func execution(_ message: String, at offset: Int, context: String, in source: [UInt8]) -> TemplateError {
        let lineStart = source[..<offset].lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
        return TemplateError("template: :\(line(of: offset, in: source)):\(offset - lineStart): executing \"\" at <\(context)>: \(message)")
    }

    private static func line(of offset: Int, in source: [UInt8]) -> Int {
        1 + source[..<offset].count { $0 == UInt8(ascii: "\n") }
    }
}
