import ArgumentParser
import Runtime

struct Rmi: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rmi", abstract: "Remove one or more images.")

    @Argument(help: "Images (NAME[:TAG] or ID).")
    var images: [String]

    func validate() throws {
        if images.isEmpty { throw ValidationError("rmi requires at least 1 argument") }
    }

    func run() throws {
        let engine = makeEngine()
        try forEachReporting(images) { reference in
            let image = try engine.images.remove(reference, users: engine.imageUsers())
            print("Untagged: \(image.reference)")
        }
    }
}
