import ArgumentParser
import Glibc
import Runtime

/// `run`'s and `create`'s --pull, as Docker's: pull a missing image (the default), always pull, or
/// never.
enum PullPolicy: String {
    case missing, always, never

    init(_ text: String) throws {
        guard let policy = PullPolicy(rawValue: text) else {
            throw RuntimeError(.invalidArgument, "invalid pull option: '\(text)': must be one of \"always\", \"missing\" or \"never\"")
        }
        self = policy
    }
}

/// How `run` and `create` come by their image, as Docker's flags say: --pull, --platform (the
/// image's os/arch[/variant]; one of another platform here counts as missing) and -q (no pull
/// output).
struct ImagePulling: Equatable {
    var policy: String
    var platform: String?
    var quiet: Bool

    static let defaults = ImagePulling(policy: "missing", platform: nil, quiet: false)

    /// `body` (the create or the run) of `options` with --platform's image, that image pulled first
    /// (always) or when body did not find it (missing). The store is asked again only once body
    /// failed with not found, so that a run of a present image pays nothing for this. The pull's
    /// lines go to stderr (our stdout is the container's, or its ID); a failed pull is one error
    /// line and run's 125 (ExitStatus). A bad policy or platform is refused before anything is made.
    func around<T>(_ options: CreateOptions, engine: Engine, _ body: (CreateOptions) throws -> T) throws -> T {
        let policy = try PullPolicy(policy)
        var options = options
        options.platform = try platform.map(OCIDescriptor.Platform.init(parsing:))
        let (image, wanted) = (options.image, options.platform)
        if policy == .always { try pull(image, engine) }
        do {
            return try body(options)
        } catch let error as RuntimeError where policy == .missing && error.code == .notFound {
            // Not found for another reason, unless the image here is of another platform than --platform's.
            guard engine.images.present(image, platform: wanted) == nil else { throw error }
            // A name that cannot be pulled is refused before "Unable to find", as Docker does.
            if !image.contains("@") { _ = try ImageReference(parsing: image) }
            if !quiet {
                let line = "Unable to find image '\(Identifiers.printable(ImageStore.normalized(image)))' locally\n"
                _ = try? FileSystem.writeAll(fd: 2, Array(line.utf8), path: "stderr")
            }
            try pull(image, engine)
            return try body(options)
        }
    }

    private func pull(_ image: String, _ engine: Engine) throws {
        try engine.pullThroughHelper(image, output: 2, quiet: quiet, platform: platform)
    }
}

/// The flags of ImagePulling, for `run` and `create`.
struct ImagePullingFlags: ParsableArguments {
    @Option(help: "Pull the image first: missing (when it is not here), always or never.")
    var pull = "missing"

    @Option(help: "The image's platform (os/arch[/variant]): one of another platform here is pulled as missing.")
    var platform: String?

    @Flag(name: [.customShort("q"), .customLong("quiet")], help: "Suppress the pull output.")
    var quiet = false

    var values: ImagePulling { ImagePulling(policy: pull, platform: platform, quiet: quiet) }
}
