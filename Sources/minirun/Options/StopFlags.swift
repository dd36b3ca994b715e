import ArgumentParser
import Runtime

/// What `stop` and `restart` take: the signal that asks a container to end, how long it has before
/// SIGKILL, and which ones. `--timeout` is Docker's name since 23.0, `--time` its older one.
struct StopFlags: ParsableArguments {
    @Option(name: [.customShort("t", allowingJoined: true), .customLong("timeout"), .customLong("time")], parsing: .unconditional,
            help: "Seconds to wait after the stop signal before SIGKILL (default: the container's --stop-timeout, else 10; -1: no limit).")
    var time: Int?

    @Option(name: [.customShort("s", allowingJoined: true), .customLong("signal")], help: "Signal to stop with (default: the container's --stop-signal, else SIGTERM).")
    var signal: String?

    @Argument(help: "Containers.")
    var containers: [String]

    /// --signal's number, checked before any container is stopped.
    func signalNumber() throws -> Int32? {
        try signal.map { try Signals.number($0) }
    }
}
