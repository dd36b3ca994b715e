import ArgumentParser

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Create and run a new container from an image.",
        helpNames: [.long]  // -h is --hostname, as in docker
    )

    @OptionGroup var container: ContainerFlags

    @Flag(name: [.customShort("d"), .customLong("detach")], help: "Run in the background and print the container ID.")
    var detach = false

    @Flag(help: "Print every step as the command that would do it by hand.")
    var explain = false

    @OptionGroup var pulling: ImagePullingFlags

    @OptionGroup var target: ImageAndCommand

    func run() throws {
        try arguments.run()
    }

    /// What ArgumentParser parsed, as the plain values `run` works with.
    var arguments: RunArguments {
        RunArguments(container: container.values, detach: detach, explain: explain, pulling: pulling.values, image: target.image, command: target.command)
    }
}
