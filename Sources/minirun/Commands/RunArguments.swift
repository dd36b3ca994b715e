import ArgumentParser
import Registry
import Runtime

/// `run`'s arguments as plain values: Run.parseQuickly fills them without ArgumentParser, Run.arguments
/// from what ArgumentParser parsed. No field has a default, so neither can leave one out.
struct RunArguments: Equatable {
    var container: ContainerArguments
    var detach: Bool
    var explain: Bool
    /// --pull: missing, always or never.
    var pull: String
    var image: String
    var command: [String]

    /// The values of `run` with no option given, before the image.
    static let defaults = RunArguments(container: .defaults, detach: false, explain: false, pull: "missing", image: "", command: [])

    func run() throws {
        do {
            try runContainer()
        } catch let error as RuntimeError where error.exitCode != 126 && error.exitCode != 127 {
            throw RuntimeError(error.description, exitCode: 125)  // docker's code for its own failures
        }
    }

    private func runContainer() throws {
        let policy = try PullPolicy(pull)
        if policy == .always { try pullImage() }
        let engine = makeEngine(explain: explain)
        let options = try container.createOptions(image: image, command: command)
        let outcome: RunOutcome
        do {
            outcome = try engine.run(options, detach: detach)
        } catch let error as RuntimeError where policy == .missing && error.code == .notFound {
            // Asked of the store only once the run failed, so that a run of a present image pays nothing.
            guard (try? engine.images.resolve(image)) == nil, let reference = try? RemoteReference(parsing: image) else { throw error }
            _ = try? FileSystem.writeAll(fd: 2, Array("Unable to find image '\(reference)' locally\n".utf8), path: "stderr")
            try pullImage()
            outcome = try engine.run(options, detach: detach)
        }
        switch outcome {
        case .detached(let id):
            print(id)
        case .exited(let code):
            if code != 0 { throw ExitCode(code) }
        }
    }

    /// Pulls `image` as `pull` does, its display on stderr (stdout is the container's).
    private func pullImage() throws {
        try ImagePull(
            reference: try RemoteReference(parsing: image), platform: .current, insecureRegistries: [],
            quiet: false, output: 2
        ).run()
    }
}

/// run's --pull, as Docker's.
enum PullPolicy: String {
    case missing, always, never

    init(_ text: String) throws {
        guard let policy = PullPolicy(rawValue: text) else {
            throw RuntimeError(.invalidArgument, "invalid pull option: '\(text)': must be one of \"always\", \"missing\" or \"never\"")
        }
        self = policy
    }
}
