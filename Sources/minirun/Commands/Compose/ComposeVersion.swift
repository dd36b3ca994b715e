import ArgumentParser

/// `compose version`: minirun's, as Compose prints its own ("Docker Compose version v2.29.7").
struct ComposeVersion: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Show the compose version.")

    @Flag(name: .customLong("short"), help: "Print the version number only.")
    var short = false

    func run() throws {
        print(short ? BuildInfo.version : "minirun compose version v\(BuildInfo.version)")
    }
}
