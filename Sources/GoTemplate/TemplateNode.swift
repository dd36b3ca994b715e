/// One piece of a parsed template: text, an action that prints its pipeline's value (unless it
/// declares a variable), or a control structure with its body and its {{else}} part.
indirect enum TemplateNode: Sendable {
    case text(String)
    case action(TemplatePipeline)
    case ifBlock(TemplatePipeline, body: [TemplateNode], otherwise: [TemplateNode])
    case withBlock(TemplatePipeline, body: [TemplateNode], otherwise: [TemplateNode])
    case rangeBlock(TemplatePipeline, body: [TemplateNode], otherwise: [TemplateNode])
}
