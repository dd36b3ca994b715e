import ArgumentParser
import Runtime

/// `create`: docker's - the container is made as `run` makes it, with the same options, but not
/// started; `start` runs it. Prints its full ID.
struct Create: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a new container from an image without starting it.",
        helpNames: [.long]  // -h is --hostname, as in docker
    )

    @OptionGroup var container: ContainerFlags

    @Option(help: "Pull the image first: missing (when it is not here), always or never.")
    var pull = "missing"

    @OptionGroup var target: ImageAndCommand

    func run() throws {
        let options = try container.values.createOptions(image: target.image, command: target.command)
        let engine = makeEngine()
        print(try PullPolicy(pull).around(image: target.image, engine: engine) { try engine.create(options) }.id)
    }
}
