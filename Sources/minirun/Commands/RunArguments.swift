import ArgumentParser
import Runtime

/// `run`'s arguments as plain values: Run.parseQuickly fills them without ArgumentParser, Run.arguments
/// from what ArgumentParser parsed. No field has a default, so neither can leave one out.
struct RunArguments: Equatable {
    var container: ContainerArguments
    var detach: Bool
    var explain: Bool
    /// --pull, --platform and -q.
    var pulling: ImagePulling
    var image: String
    var command: [String]

    /// The values of `run` with no option given, before the image.
    static let defaults = RunArguments(container: .defaults, detach: false, explain: false, pulling: .defaults, image: "", command: [])

    func run() throws {
        // Docker's CLI refuses it this way, with exit status 1, before anything is made.
        if detach && !container.attach.isEmpty { Main.fail("Conflicting options: -a and -d", code: 1) }
        let engine = makeEngine(explain: explain)
        let options = try container.createOptions(image: image, command: command)
        let outcome = try pulling.around(options, engine: engine) { try engine.run($0, detach: detach) }
        switch outcome {
        case .detached(let id):
            print(id)
        case .exited(let code):
            if code != 0 { throw ExitCode(code) }
        }
    }
}
