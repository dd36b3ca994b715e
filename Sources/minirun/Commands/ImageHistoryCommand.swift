import ArgumentParser

/// `image history`, the same as `history`.
struct ImageHistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "history", abstract: History.configuration.abstract)
    @OptionGroup var history: History
    func run() throws { try history.run() }
}
