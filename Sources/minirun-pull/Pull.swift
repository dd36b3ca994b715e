import ArgumentParser
import Glibc
import Registry
import Runtime

struct Pull: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull", abstract: "Download an image from a registry (NAME[:TAG|@DIGEST]).")

    @Option(help: "os/arch[/variant] to choose from a manifest list (default: linux and this machine's architecture).")
    var platform: String?

    @Flag(name: [.customShort("q"), .customLong("quiet")], help: "Print only the image's name.")
    var quiet = false

    @OptionGroup var registryOptions: RegistryOptions

    @Argument(help: "NAME[:TAG|@DIGEST]")
    var image: String

    func run() throws {
        // Issue 14: every failed pull exits 125 (docker pull says 1), as run does for its own failures (Main).
        let reference = try RemoteReference(parsing: image)
        if reference.tag == "latest" && !image.contains(":") && !quiet { print("Using default tag: latest") }
        try ImagePull(
            reference: reference, platform: try platform.map(Platform.init(parsing:)) ?? .current,
            insecureRegistries: registryOptions.insecureRegistries, quiet: quiet
        ).run()
    }
}

/// A pull from the registry into the image store, with the display.
struct ImagePull {
    var reference: RemoteReference
    var platform: Platform
    /// --insecure-registry's values.
    var insecureRegistries: [String]
    var quiet: Bool

    @discardableResult
    func run() throws -> ImageRecord {
        let engine = makeEngine()
        let puller = Puller(
            root: engine.root, insecure: try InsecureRegistries(root: engine.root, flags: insecureRegistries), platform: platform,
            observer: PullDisplay(quiet: quiet))
        let display = puller.observer as! PullDisplay
        let previous = reference.localName.flatMap { try? engine.images.resolve($0.description) }
        let reference = self.reference
        let (record, digest) = try awaitBlocking {
            try await puller.pull(reference) { image in (try engine.addImage(image), image.manifestDigest ?? "") }
        }
        display.finished(reference, digest: digest, upToDate: previous?.id == record.id)
        return record
    }
}
