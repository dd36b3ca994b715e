import ArgumentParser

/// `image rm`, the same as `rmi`.
struct ImageRemove: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove one or more images.", aliases: ["remove"])
    @OptionGroup var rmi: Rmi
    func run() throws { try rmi.run() }
}
