import ArgumentParser
import Glibc
import Registry
import Runtime

struct Pull: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull", abstract: "Download an image from a registry (NAME[:TAG|@DIGEST]).")

    @Flag(name: [.customShort("a"), .customLong("all-tags")], help: "Download every tag of the repository.")
    var allTags = false

    @Option(help: "os/arch[/variant] to choose from a manifest list (default: linux and this machine's architecture).")
    var platform: String?

    @Flag(name: [.customShort("q"), .customLong("quiet")], help: "Print only the image's name.")
    var quiet = false

    /// For `run`, `build` and `compose`, which pull a missing image with the image's name and tag
    /// given: the lines end with the status, as the pull within `docker run` does.
    @Flag(name: .customLong("within-command"), help: .hidden)
    var withinCommand = false

    @OptionGroup var registryOptions: RegistryOptions

    @Argument(help: "NAME[:TAG|@DIGEST]")
    var image: String

    func run() throws {
        // Issue 14: every failed pull exits 125 (docker pull says 1), as run does for its own failures (Main).
        var reference = try RemoteReference(parsing: image)
        let nameOnly = RemoteReference.isNameOnly(image)
        if allTags && !nameOnly { throw RuntimeError(.invalidArgument, "tag can't be used with --all-tags/-a") }
        let engine = makeEngine()
        let display = PullDisplay(quiet: quiet, printsName: !withinCommand)
        let puller = Puller(
            root: engine.root, insecure: try registryOptions.insecure(root: engine.root),
            platform: try platform.map(Platform.init(parsing:)) ?? .current, observer: display)
        guard allTags else {
            if nameOnly && !quiet { display.say("Using default tag: latest") }
            let upToDate = try ImagePull(engine: engine, puller: puller, display: display).pull(reference)
            display.finished(name: reference.description, canonical: reference.canonical, upToDate: upToDate)
            return
        }
        // As Docker: each tag pulled in the registry's order, then one status for the repository.
        let tags = try awaitBlocking { [reference] in try await puller.tags(of: reference) }
        var upToDate = true
        for tag in tags {
            reference.tag = tag
            upToDate = try ImagePull(engine: engine, puller: puller, display: display).pull(reference) && upToDate
        }
        display.finished(name: reference.familiarName, canonical: reference.canonicalName, upToDate: upToDate)
    }
}

/// One image pulled from the registry into the image store, with its lines on the display.
struct ImagePull {
    var engine: Engine
    var puller: Puller
    var display: PullDisplay

    /// Whether the store had that image under that name already (Docker's "Image is up to date").
    func pull(_ reference: RemoteReference) throws -> Bool {
        let previous = reference.localName.flatMap { try? engine.images.resolve($0.description) }
        let (record, digest) = try awaitBlocking { [engine, puller] in
            try await puller.pull(reference) { image in (try engine.addImage(image).record, image.manifestDigest ?? "") }
        }
        display.pulled(digest: digest)
        return previous?.id == record.id
    }
}
