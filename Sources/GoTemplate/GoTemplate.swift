import JSONCodec

/// A `--format` / `inspect -f` template: the part of Go's text/template that docker users write.
///
/// Supported: text and `{{ }}` actions with `{{-`/`-}}` trimming; `.Field.Chains`, `$`, `$var`
/// and `(pipeline).Field`; string, raw-string, number, true/false/nil literals; pipelines with
/// `|`; `if`/`else if`/`else`, `with` and `range` (with `$i, $v :=`), variables declared with `:=`;
/// the functions listed in `TemplateFunctions`. Missing keys print "<no value>", or a Go type's zero
/// for the fields a caller types (see `TemplateExecutor`). Errors are one line worded like Go's
/// ("template: :1: unexpected "}" in operand").
public struct GoTemplate: Sendable {
    private let text: String
    private let nodes: [TemplateNode]

    public init(_ text: String) throws {
        self.text = text
        nodes = try TemplateParser.parse(text)
    }

    /// A Go struct's method of one string, such as docker ps's `{{.Label "KEY"}}`: a JSON value has
    /// fields only, so the caller supplies the methods of the value it renders.
    public typealias Method = @Sendable (String) -> String

    /// `fieldTypes` tell which nils print as a Go type's zero rather than "<no value>".
    public func render(_ value: JSONValue, methods: [String: Method] = [:], fieldTypes: GoFieldTypes = .none) throws -> String {
        var executor = TemplateExecutor(root: value, source: text, headers: false, methods: methods, fieldTypes: fieldTypes)
        try executor.run(nodes, dot: value)
        return executor.output
    }

    /// A `table TEMPLATE`'s header line: the template run over an object of column headers, with
    /// json, join, split, lower and upper giving back their first argument, as docker's
    /// HeaderFunctions do, so that `{{json .Labels}}` heads its column LABELS. As in docker, an
    /// error ends the header where it happened (a method such as `.Label "KEY"` has no header).
    public func renderHeader(_ headers: JSONValue) -> String {
        var executor = TemplateExecutor(root: headers, source: text, headers: true, methods: [:], fieldTypes: .none)
        _ = try? executor.run(nodes, dot: headers)
        return executor.output
    }
}
