import ArgumentParser

/// `image tag`, the same as `tag`.
struct ImageTag: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tag", abstract: Tag.configuration.abstract)
    @OptionGroup var tag: Tag
    func run() throws { try tag.run() }
}
