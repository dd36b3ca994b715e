import ArgumentParser
import GoTemplate
import JSONCodec
import Runtime

/// `inspect`: containers, or images where no container has the name, as JSON.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "inspect", abstract: "Show containers or images as JSON.")

    @Option(name: [.customShort("f"), .customLong("format")], help: "A Go template, e.g. '{{.NetworkSettings.IPAddress}}'.")
    var format: String?

    @Option(help: "container or image: look for that kind only.")
    var type: String?

    @Argument(help: "Containers (name, ID or ID prefix) or images (NAME[:TAG] or ID).")
    var objects: [String]

    func validate() throws {
        if objects.isEmpty { throw ValidationError("inspect requires at least 1 argument") }
        if let type, type != "container", type != "image" { throw ValidationError("\"\(type)\" is not a valid value for --type") }
    }

    func run() throws {
        let engine = makeEngine()
        try InspectPrinter(format: format).print(objects) { reference in
            if type != "image" {
                do {
                    return try JSONValue(encoding: try engine.inspection(of: reference))
                } catch let error as RuntimeError where error.code == .notFound && type == nil {
                    // Docker's order: a container of that name first, then an image.
                }
            }
            do {
                return try JSONValue(encoding: try engine.images.inspection(of: reference))
            } catch let error as RuntimeError where error.code == .notFound && type == nil {
                throw RuntimeError(.notFound, "No such object: \(Identifiers.printable(reference))")
            }
        }
    }
}
