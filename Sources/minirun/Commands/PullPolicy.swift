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

    /// `body` (the create or the run), with `image` pulled first (always) or when body did not find
    /// it (missing). The store is asked again only once body failed with not found, so that a run
    /// of a present image pays nothing for this. The pull's lines go to stderr (our stdout is the
    /// container's, or its ID); a failed pull is one error line and run's 125 (ExitStatus).
    func around<T>(image: String, engine: Engine, _ body: () throws -> T) throws -> T {
        if self == .always { try engine.pullThroughHelper(image, output: 2) }
        do {
            return try body()
        } catch let error as RuntimeError where self == .missing && error.code == .notFound {
            guard (try? engine.images.resolve(image)) == nil else { throw error }
            // A name that cannot be pulled is refused before "Unable to find", as Docker does.
            if !image.contains("@") { _ = try ImageReference(parsing: image) }
            let line = "Unable to find image '\(Identifiers.printable(ImageStore.normalized(image)))' locally\n"
            _ = try? FileSystem.writeAll(fd: 2, Array(line.utf8), path: "stderr")
            try engine.pullThroughHelper(image, output: 2)
            return try body()
        }
    }
}
