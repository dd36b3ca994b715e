import ArgumentParser
import Runtime

struct NetworkPrune: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "prune", abstract: "Remove networks no container uses.")

    @Flag(name: [.customShort("f"), .customLong("force")], help: "Do not ask (minirun never asks).")
    var force = false

    func run() throws {
        let removed = try makeEngine().pruneNetworks()
        if !removed.isEmpty {
            print("Deleted Networks:")
            for name in removed { print(name) }
        }
    }
}
