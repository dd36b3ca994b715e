import ArgumentParser
import Runtime

/// `tag SOURCE TARGET`: another name for an image. Prints nothing, as docker.
struct Tag: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tag", abstract: "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE.")

    @Argument(help: "SOURCE_IMAGE[:TAG] or an image ID.")
    var source: String

    @Argument(help: "TARGET_IMAGE[:TAG]")
    var target: String

    func run() throws {
        let engine = makeEngine()
        try engine.images.tag(source, as: try ImageReference(parsing: target), inUse: Set(engine.imageUsers().keys))
    }
}
