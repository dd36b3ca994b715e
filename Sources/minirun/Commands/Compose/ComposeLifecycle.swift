import ArgumentParser
import Compose
import Runtime

/// The services a lifecycle command applies to: all when none are named.
struct ServiceArguments: ParsableArguments {
    @Argument(help: "Services; all when none.")
    var services: [String] = []
}

struct ComposeStop: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stop", abstract: "Stop the services' containers.")

    @ParentCommand var compose: ComposeCommand

    @Option(name: [.customShort("t", allowingJoined: true), .customLong("timeout")], help: "Seconds to wait before SIGKILL (default: stop_grace_period, 10).")
    var timeout: Int?

    @OptionGroup var selection: ServiceArguments

    func run() throws { try compose.runner().stop(selection.services, timeout: timeout) }
}

struct ComposeStart: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "start", abstract: "Start the services' stopped containers.")

    @ParentCommand var compose: ComposeCommand

    @OptionGroup var selection: ServiceArguments

    func run() throws { try compose.runner().start(selection.services) }
}

struct ComposeRestart: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "restart", abstract: "Restart the services' containers.")

    @ParentCommand var compose: ComposeCommand

    @Option(name: [.customShort("t", allowingJoined: true), .customLong("timeout")], help: "Seconds to wait before SIGKILL.")
    var timeout: Int?

    @OptionGroup var selection: ServiceArguments

    func run() throws { try compose.runner().restart(selection.services, timeout: timeout) }
}

struct ComposeKill: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "kill", abstract: "Send a signal to the services' containers.")

    @ParentCommand var compose: ComposeCommand

    @Option(name: [.customShort("s", allowingJoined: true), .customLong("signal")], help: "Signal to send.")
    var signal = "SIGKILL"

    @OptionGroup var selection: ServiceArguments

    func run() throws { try compose.runner().kill(selection.services, signal: try Signals.number(signal)) }
}

struct ComposePause: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pause", abstract: "Pause the services' running containers.")

    @ParentCommand var compose: ComposeCommand

    @OptionGroup var selection: ServiceArguments

    func run() throws { try compose.runner().pause(selection.services) }
}

struct ComposeUnpause: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unpause", abstract: "Unpause the services' paused containers.")

    @ParentCommand var compose: ComposeCommand

    @OptionGroup var selection: ServiceArguments

    func run() throws { try compose.runner().unpause(selection.services) }
}

/// `port SERVICE PRIVATE_PORT`: where a service's container publishes one of its ports.
struct ComposePort: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "port", abstract: "Print the host address where a service's port is published.")

    @ParentCommand var compose: ComposeCommand

    @Option(help: "The container of the service, when it has several.")
    var index = 1

    @Option(help: "tcp, udp or sctp.")
    var `protocol` = "tcp"

    @Argument(help: "The service.")
    var service: String

    @Argument(help: "The container port.")
    var privatePort: String

    func run() throws {
        guard let port = UInt16(privatePort), port > 0 else {
            throw RuntimeError(.invalidArgument, "invalid port: \(Identifiers.printable(privatePort))")
        }
        guard Port.transports.contains(`protocol`) else {
            throw RuntimeError(.invalidArgument, "invalid protocol: \(Identifiers.printable(`protocol`))")
        }
        print(try compose.runner().publishedAddress(service: service, port: port, transport: `protocol`, index: index))
    }
}

struct ComposeRm: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove the services' stopped containers.")

    @ParentCommand var compose: ComposeCommand

    @Flag(name: [.customShort("f"), .customLong("force")], help: "Don't ask (minirun never asks).")
    var force = false

    @Flag(name: [.customShort("s"), .customLong("stop")], help: "Stop the containers first if they run.")
    var stop = false

    @Flag(name: [.customShort("v"), .customLong("volumes")], help: "Remove anonymous volumes too.")
    var volumes = false

    @OptionGroup var selection: ServiceArguments

    func run() throws { try compose.runner().removeStopped(selection.services, stopFirst: stop, anonymousVolumes: volumes) }
}
