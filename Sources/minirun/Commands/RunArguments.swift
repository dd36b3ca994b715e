import ArgumentParser
import CRuntimeShims
import Glibc
import Runtime

/// `run`'s arguments as plain values: Run.parseQuickly fills them without ArgumentParser, Run.arguments
/// from what ArgumentParser parsed. No field has a default, so neither can leave one out.
struct RunArguments: Equatable {
    var container: ContainerArguments
    var detach: Bool
    var explain: Bool
    var image: String
    var command: [String]

    /// The values of `run` with no option given, before the image.
    static let defaults = RunArguments(container: .defaults, detach: false, explain: false, image: "", command: [])

    func run() throws {
        do {
            try runContainer()
        } catch let error as RuntimeError where error.exitCode != 126 && error.exitCode != 127 {
            throw RuntimeError(error.description, exitCode: 125)  // docker's code for its own failures
        }
    }

    private func runContainer() throws {
        mr_block_signals()  // before any thread starts: they all inherit it
        let engine = makeEngine(explain: explain)
        let options = try container.createOptions(image: image, command: command)
        // Made by a thread of its own while the container is created (see NetworkNamespaceMaker).
        let networkNamespace = options.network.hasOwnNamespace ? NetworkNamespaceMaker() : nil
        if options.tty && isatty(0) == 0 && options.interactive {
            throw RuntimeError("the input device is not a TTY", exitCode: 1)
        }

        let record = try engine.create(options)
        do {
            if detach {
                try engine.startDetached(record.id, networkNamespace: networkNamespace)
                print(record.id)
                return
            }
            let code = try engine.runAttached(record, networkNamespace: networkNamespace)
            if code != 0 { throw ExitCode(code) }
        } catch where !(error is ExitCode) {
            // A container that never got to run its command is not left behind, whatever failed.
            if (try? engine.inspect(record.id))?.state.status != .running {
                _ = try? engine.remove(record.id, force: true)
            }
            throw error
        }
    }
}
