import ArgumentParser
import GoTemplate
import JSONCodec
import Runtime

/// `image inspect`: images as JSON, or each through a Go template.
struct ImageInspect: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "inspect", abstract: "Show images as JSON.")

    @Option(name: [.customShort("f", allowingJoined: true), .customLong("format")], help: "A Go template, e.g. '{{.Config.Cmd}}'.")
    var format: String?

    @Argument(help: "Images (NAME[:TAG] or ID).")
    var images: [String]

    func validate() throws {
        if images.isEmpty { throw ValidationError("inspect requires at least 1 argument") }
    }

    func run() throws {
        let engine = makeEngine()
        try InspectPrinter(format: format).print(images) { try JSONValue(encoding: try engine.images.inspection(of: $0)) }
    }
}
