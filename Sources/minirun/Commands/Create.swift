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

    @OptionGroup var pulling: ImagePullingFlags

    @OptionGroup var target: ImageAndCommand

    func run() throws {
        let pulling = pulling.values
        var options = try container.values.createOptions(image: target.image, command: target.command)
        options.platform = try pulling.parsedPlatform()
        let engine = makeEngine()
        print(try pulling.around(image: target.image, engine: engine) { try engine.create(options) }.id)
    }
}
