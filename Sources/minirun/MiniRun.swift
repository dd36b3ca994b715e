import ArgumentParser
import Runtime

@main
struct MiniRun: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "minirun", abstract: "A daemonless container runtime.")
}
