import ArgumentParser
import Runtime

/// Docker's exit statuses, decided here and nowhere else: from what kind of failure an error is and
/// which kind of command met it. (A container's own exit status passes through as `ExitCode`.)
enum ExitStatus {
    /// Commands with their own rules: `run` and `create` say 125 for minirun's failures, `exec` 126;
    /// bringing images in or out (`load`, `save`; minirun-pull does the same for `pull`) says 125 for every failure, as the images
    /// issue asks (a bad tarball or registry answer is minirun's failure to bring the image in).
    enum CommandKind: CaseIterable {
        case runOrCreate, exec, imageTransfer, other

        init(_ command: any ParsableCommand) {
            switch command {
            case is Run, is Create: self = .runOrCreate
            case is Exec: self = .exec
            case is Load, is ImageLoad, is Save, is ImageSave: self = .imageTransfer
            // docker build exits 1 on every failure of the build (a bad flag value is a UsageError: 125).
            case is Build, is ImageBuild: self = .other
            default: self = .other
            }
        }
    }

    /// A flag value the CLI could not take, on any command: docker's flag errors.
    static let usage: Int32 = 125

    /// No default: a new code must be given its status for every kind of command.
    static func of(_ code: RuntimeError.Code, in kind: CommandKind) -> Int32 {
        switch kind {
        case .runOrCreate:
            switch code {
            case .commandNotFound: 127
            case .commandNotExecutable: 126
            case .notATerminal: 1
            case .invalidArgument, .notFound, .conflict, .system, .damaged: 125
            }
        case .exec:
            switch code {
            case .commandNotFound: 127
            case .notFound, .conflict, .notATerminal: 1  // no such container, not running
            case .invalidArgument, .system, .damaged, .commandNotExecutable: 126
            }
        case .imageTransfer:
            switch code {
            case .invalidArgument, .notFound, .conflict, .system, .damaged, .commandNotFound, .commandNotExecutable, .notATerminal: 125
            }
        case .other:
            switch code {
            case .invalidArgument, .notFound, .conflict, .system, .damaged, .commandNotFound, .commandNotExecutable, .notATerminal: 1
            }
        }
    }
}

/// A flag value the CLI itself refuses (ps's --filter, an unsupported --format): exit status 125 on
/// every command, as docker's flag errors.
struct UsageError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
