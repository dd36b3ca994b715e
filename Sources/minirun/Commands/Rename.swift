import ArgumentParser
import Runtime

/// `rename CONTAINER NEW_NAME`: prints nothing, as docker.
struct Rename: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rename", abstract: "Rename a container.")

    @Argument(help: "The container's name or ID.")
    var container: String

    @Argument(help: "Its new name.")
    var newName: String

    func run() throws {
        try makeEngine().renameContainer(container, to: newName)
    }
}
