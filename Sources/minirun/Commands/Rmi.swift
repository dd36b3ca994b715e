import ArgumentParser
import Runtime

struct Rmi: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rmi", abstract: "Remove one or more images.")

    @Flag(name: [.customShort("f"), .customLong("force")], help: "Remove every tag of an image given by ID, and images stopped containers use.")
    var force = false

    @Argument(help: "Images (NAME[:TAG], NAME@DIGEST or ID).")
    var images: [String]

    func validate() throws {
        if images.isEmpty { throw ValidationError("rmi requires at least 1 argument") }
    }

    func run() throws {
        let engine = makeEngine()
        try forEachReporting(images) { reference in
            for line in try engine.removeImage(reference, force: force) {
                switch line {
                case .untagged(let name): print("Untagged: \(name)")
                case .deleted(let digest): print("Deleted: \(digest)")
                }
            }
        }
    }
}
