import ArgumentParser
import GoTemplate
import JSONCodec
import Runtime

struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "inspect", abstract: "Show containers as JSON.")

    @Option(name: [.customShort("f"), .customLong("format")], help: "A Go template, e.g. '{{.NetworkSettings.IPAddress}}'.")
    var format: String?

    @Argument(help: "Containers (name, ID or ID prefix).")
    var containers: [String]

    func validate() throws {
        if containers.isEmpty { throw ValidationError("inspect requires at least 1 argument") }
    }

    func run() throws {
        let engine = makeEngine()
        let template = try format.map(GoTemplate.init)
        var found: [JSONValue] = []
        try forEachReporting(containers) { reference in
            let value = try JSONValue(encoding: try engine.inspection(of: reference))
            if let template {
                print(try template.render(value))
            } else {
                found.append(value)
            }
        } finally: {
            if template == nil { print(try JSONValue.array(found).indentedJSON()) }
        }
    }
}
