import GoTemplate
import JSONCodec

/// What `inspect` and `image inspect` print: one JSON array of every object found, or each through
/// the template; an object not found is reported and the others still print (exit 1 then).
struct InspectPrinter {
    let template: GoTemplate?

    init(format: String?) throws {
        template = try format.map(GoTemplate.init)
    }

    func print(_ references: [String], _ lookUp: (String) throws -> JSONValue) throws {
        var found: [JSONValue] = []
        try forEachReporting(references) { reference in
            let value = try lookUp(reference)
            if let template {
                Swift.print(try template.render(value, fieldTypes: .docker))
            } else {
                found.append(value)
            }
        } finally: {
            if template == nil { Swift.print(try JSONValue.array(found).indentedJSON()) }
        }
    }
}
