import ArgumentParser

struct SystemCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "system", abstract: "Manage minirun's state.", subcommands: [SystemDiskUsage.self, Info.self, SystemPrune.self, SystemReset.self])
}
