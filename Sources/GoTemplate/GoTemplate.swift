import JSONCodec

/// A `--format` / `inspect -f` template: the part of Go's text/template that docker users write.
///
/// Supported: text and `{{ }}` actions with `{{-`/`-}}` trimming; `.Field.Chains`, `$`, `$var`
/// and `(pipeline).Field`; string, raw-string, number, true/false/nil literals; pipelines with
/// `|`; `if`/`else if`/`else`, `with` and `range` (with `$i, $v :=`), variables declared with `:=`;
/// the functions listed in `TemplateFunctions`. Missing keys print "<no value>" (see
/// `TemplateExecutor`). Errors are one line worded like Go's ("template: :1: unexpected "}" in
/// operand").
public struct GoTemplate: Sendable {
    private let text: String
    private let nodes: [TemplateNode]

    public init(_ text: String) throws {
        self.text = text
        nodes = try TemplateParser.parse(text)
    }

    public func render(_ value: JSONValue) throws -> String {
        try render(value, headers: false)
    }

    /// A `table TEMPLATE`'s header line: the template run over an object of column headers, with
    /// json, join, split, lower and upper giving back their first argument, as docker's
    /// HeaderFunctions do, so that `{{json .Labels}}` heads its column LABELS.
    public func renderHeader(_ headers: JSONValue) throws -> String {
        try render(headers, headers: true)
    }

    private func render(_ value: JSONValue, headers: Bool) throws -> String {
        var executor = TemplateExecutor(root: value, source: text, headers: headers)
        try executor.run(nodes, dot: value)
        return executor.output
    }
}
