import ArgumentParser

/// `image ls` (or `image list`, as Docker), the same as `images`.
struct ImageList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ls", abstract: "List images.", aliases: ["list"])
    @OptionGroup var images: Images
    func run() throws { try images.run() }
}
