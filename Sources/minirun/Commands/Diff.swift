import ArgumentParser
import Runtime

/// `diff CONTAINER`: the files and directories the container added (A), changed (C) or deleted
/// (D), as Docker's.
struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff", abstract: "Inspect changes to files or directories on a container's filesystem.")

    @Argument(help: "The container (name, ID or ID prefix).")
    var container: String

    func run() throws {
        for change in try makeEngine().changes(of: container) { print(change) }
    }
}
