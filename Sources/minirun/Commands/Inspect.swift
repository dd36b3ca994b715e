import ArgumentParser
import GoTemplate
import JSONCodec
import Runtime

/// `inspect`: containers, images, networks or volumes as JSON - the first kind, in Docker's order,
/// that has an object of that name - or only the kind `--type` names.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "inspect", abstract: "Show containers, images, networks or volumes as JSON.")

    @Option(name: [.customShort("f", allowingJoined: true), .customLong("format")], help: "A Go template, e.g. '{{.NetworkSettings.IPAddress}}'.")
    var format: String?

    @Option(help: "container, image, network or volume: look for that kind only.")
    var type: String?

    @Flag(name: [.customShort("s"), .customLong("size")], help: "Display total file sizes if the type is container.")
    var size = false

    @Argument(help: "Containers (name, ID or ID prefix), images (NAME[:TAG] or ID), networks or volumes.")
    var objects: [String]

    static let kinds = ["container", "image", "network", "volume"]

    func validate() throws {
        if objects.isEmpty { throw ValidationError("inspect requires at least 1 argument") }
        if let type, !Self.kinds.contains(type) { throw ValidationError("\"\(type)\" is not a valid value for --type") }
    }

    func run() throws {
        let engine = makeEngine()
        let lookups: [(kind: String, inspect: (String) throws -> JSONValue)] = [
            ("container", { try engine.inspectionJSON(of: $0, size: size) }),
            ("image", { try JSONValue(encoding: try engine.images.inspection(of: $0)) }),
            ("network", { try JSONValue(encoding: NetworkInspection(try engine.inspectNetwork($0), containers: engine.reconciledListing().records)) }),
            ("volume", { try JSONValue(encoding: VolumeInspect.Inspection(try engine.volume(named: $0))) }),
        ].filter { type == nil || $0.kind == type }
        try InspectPrinter(format: format).print(objects) { reference in
            for lookup in lookups {
                do {
                    return try lookup.inspect(reference)
                } catch let error as RuntimeError where type == nil && error.code == .notFound {
                    // Not of this kind: the next kind, as Docker's order goes (an ambiguous ID prefix ends it).
                }
            }
            throw RuntimeError(.notFound, "No such object: \(Identifiers.printable(reference))")
        }
    }
}
