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
    /// of a present image pays nothing for this.
    func around<T>(image: String, engine: Engine, _ body: () throws -> T) throws -> T {
        if self == .always { try Self.pull(image) }
        do {
            return try body()
        } catch let error as RuntimeError where self == .missing && error.code == .notFound {
            guard (try? engine.images.resolve(image)) == nil else { throw error }
            _ = try? FileSystem.writeAll(fd: 2, Array((error.description + "\n").utf8), path: "stderr")
            try Self.pull(image)
            return try body()
        }
    }

    /// Pulls as `pull` does, through minirun-pull, its lines on our stderr (our stdout is the
    /// container's, or its ID). Its error line is kept and becomes ours, so that a failed pull is one
    /// line on stderr and run's 125 (ExitStatus).
    static func pull(_ image: String) throws {
        let program = Executables.besideThisProgram().pull
        let (status, error) = try runHelperProgram(program, ["pull", image], output: 2)
        guard status != 0 else { return }
        throw RuntimeError(.notFound, error.isEmpty ? "\(program) failed with status \(status)" : error)
    }
}
