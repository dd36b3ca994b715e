import ArgumentParser
import Runtime

struct SystemReset: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset", abstract: "Remove all containers, networks (with their bridges and firewall rules) and images.")

    @Flag(name: [.customShort("f"), .customLong("force")], help: "Do not ask for confirmation.")
    var force = false

    func validate() throws {
        if !force { throw ValidationError("system reset removes everything under the state root: add --force") }
    }

    func run() throws {
        try makeEngine().reset()
    }
}
