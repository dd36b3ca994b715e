import ArgumentParser

/// `image import`, the same as `import`.
struct ImageImport: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: Import.configuration.abstract)
    @OptionGroup var importing: Import
    func run() throws { try importing.run() }
}
