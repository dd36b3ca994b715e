import ArgumentParser
import Runtime

struct NetworkDisconnect: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "disconnect", abstract: "Disconnect a container from a network.")

    @Argument var network: String
    @Argument var container: String

    func run() throws {
        try makeEngine().disconnect(network: network, container: container)
    }
}
