import ArgumentParser

struct NetworkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "network", abstract: "Manage networks.",
        subcommands: [
            NetworkCreate.self, NetworkList.self, NetworkInspect.self, NetworkRemove.self, NetworkPrune.self,
            NetworkConnect.self, NetworkDisconnect.self, NetworkDiagram.self,
        ])
}
