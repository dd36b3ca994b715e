/// `$k, $v := cmd1 arg | cmd2 | ...`: each command's value becomes the last argument of the next.
struct TemplatePipeline: Sendable {
    /// Variables the pipeline declares, "$" included in their names.
    var declarations: [String]
    var commands: [TemplateCommand]
}
