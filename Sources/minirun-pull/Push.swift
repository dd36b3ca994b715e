import ArgumentParser
import Glibc
import Registry
import Runtime

/// `push NAME[:TAG]`: the image the store has under that name, uploaded to its registry, with
/// Docker's lines: the repository, a line per layer from the top ("Pushed", or "Layer already
/// exists", named by its diff_id as Docker names it), then the tag's digest and the manifest's size.
/// With -a, every tag the store has of the repository, in turn.
struct Push: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "push", abstract: "Upload an image to a registry (NAME[:TAG]).")

    @Flag(name: [.customShort("a"), .customLong("all-tags")], help: "Push every tag the store has of the repository.")
    var allTags = false

    @Flag(name: [.customShort("q"), .customLong("quiet")], help: "Print only the image's name.")
    var quiet = false

    @OptionGroup var registryOptions: RegistryOptions

    @Argument(help: "NAME[:TAG]")
    var image: String

    func run() throws {
        var reference = try RemoteReference(parsing: image)
        guard reference.digest == nil else { throw RuntimeError(.invalidArgument, "cannot push a digest reference") }
        if allTags && !RemoteReference.isNameOnly(image) { throw RuntimeError(.invalidArgument, "tag can't be used with --all-tags/-a") }
        let engine = makeEngine()
        let tags = allTags
            ? try engine.images.list().filter { $0.repository == reference.familiarName }.map(\.tag).sorted()
            : [reference.tag ?? "latest"]
        guard !tags.isEmpty else { throw Self.notHere(reference) }
        if !quiet { print("The push refers to repository [\(reference.familiarName)]") }
        let pusher = Pusher(root: engine.root, insecure: try registryOptions.insecure(root: engine.root))
        for tag in tags {
            reference.tag = tag
            try push(reference, engine: engine, pusher: pusher)
        }
    }

    /// Docker's refusal of a name the store does not have.
    private static func notHere(_ reference: RemoteReference) -> RuntimeError {
        RuntimeError(.notFound, "An image does not exist locally with the tag: \(Identifiers.printable(reference.familiarName))")
    }

    private func push(_ reference: RemoteReference, engine: Engine, pusher: Pusher) throws {
        guard let localName = reference.localName, let record = try? engine.images.resolve(localName.description), record.reference == localName else {
            throw Self.notHere(reference)
        }
        let image = try engine.images.pushable(record.id)
        let layers = Array(image.layers.reversed())
        var names: [String: String] = [:]
        for layer in layers { names[layer.blob.descriptor.digest] = Identifiers.short(String(layer.diffID.dropFirst("sha256:".count))) }
        let digest = try awaitBlocking { [quiet, names] in
            try await pusher.push(reference, layers: layers.map(\.blob), config: image.config, manifest: image.manifest,
                                  mediaType: image.mediaType) { layer, existed in
                if !quiet { print("\(names[layer.descriptor.digest] ?? ""): \(existed ? "Layer already exists" : "Pushed")") }
            }
        }
        print(quiet ? "\(reference.familiarName):\(reference.manifestReference)"
                    : "\(reference.manifestReference): digest: \(digest) size: \(image.manifest.count)")
    }
}
