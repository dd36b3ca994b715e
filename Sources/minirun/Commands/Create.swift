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
        let options = try container.values.createOptions(image: target.image, command: target.command)
        let engine = makeEngine()
        print(try pulling.values.around(options, engine: engine) { try engine.create($0) }.id)
    }
}
