import ArgumentParser
import Runtime

/// `save` and `image save`: images as a tarball in Docker 25's layout.
struct Save: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "save", abstract: "Save one or more images to a tarball (standard output unless -o).")

    @Option(name: [.customShort("o", allowingJoined: true), .customLong("output")], help: "Write to this file instead of standard output.")
    var output: String?

    @Argument(help: "Images (NAME[:TAG] or ID).")
    var images: [String]

    func validate() throws {
        if images.isEmpty { throw ValidationError("save requires at least 1 argument") }
    }

    func run() throws {
        let store = makeEngine().images
        try TarballOutput.write(to: output) { fd, name in try store.save(images, to: fd, name: name) }
    }
}

/// `image save`, the same as `save`.
struct ImageSave: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "save", abstract: Save.configuration.abstract)
    @OptionGroup var save: Save
    func run() throws { try save.run() }
}
