import Glibc
import Registry
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

    /// `body` (the create or the run), with `image` pulled first (always) or when body did not find
    /// it (missing). The store is asked again only once body failed with not found, so that a run
    /// of a present image pays nothing for this.
    func around<T>(image: String, engine: Engine, _ body: () throws -> T) throws -> T {
        if self == .always { try Self.pull(image) }
        do {
            return try body()
        } catch let error as RuntimeError where self == .missing && error.code == .notFound {
            guard (try? engine.images.resolve(image)) == nil, let reference = try? RemoteReference(parsing: image) else { throw error }
            _ = try? FileSystem.writeAll(fd: 2, Array("Unable to find image '\(reference)' locally\n".utf8), path: "stderr")
            try Self.pull(image)
            return try body()
        }
    }

    /// Pulls as `pull` does, its lines on stderr (stdout is the container's, or its ID).
    private static func pull(_ image: String) throws {
        try ImagePull(
            reference: try RemoteReference(parsing: image), platform: .current, insecureRegistries: [], quiet: false, output: 2
        ).run()
    }
}
