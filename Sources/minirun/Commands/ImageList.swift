import ArgumentParser

/// `image ls`, the same as `images`.
struct ImageList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ls", abstract: "List images.")
    @OptionGroup var images: Images
    func run() throws { try images.run() }
}
