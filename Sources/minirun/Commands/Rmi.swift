import ArgumentParser
import Runtime

struct Rmi: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rmi", abstract: "Remove one or more images.")

    @Flag(name: [.customShort("f"), .customLong("force")], help: "Remove every tag of an image given by ID, and images stopped containers use.")
    var force = false

    /// Docker's flag keeps an image's untagged parent images. minirun's images have no parent
    /// images to prune (a build's steps are kept by the build cache, not as parents), so removing
    /// an image is the same with it: the flag is taken so that Docker's command lines work.
    @Flag(name: .customLong("no-prune"), help: "Do not delete untagged parents (minirun's images have none: the same as without).")
    var noPrune = false

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
        } forgiving: { error in
            // As Docker's CLI: with -f, an image that is not there is said but is no failure.
            force && (error as? RuntimeError)?.code == .notFound
        }
    }
}
