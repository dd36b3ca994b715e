import ArgumentParser

/// What `stop` and `restart` take: how long a container has to end after SIGTERM, and which ones.
struct StopFlags: ParsableArguments {
    @Option(name: [.customShort("t", allowingJoined: true), .customLong("time")], parsing: .unconditional,
            help: "Seconds to wait after the stop signal before SIGKILL (default: the container's --stop-timeout, else 10; -1: no limit).")
    var time: Int?

    @Argument(help: "Containers.")
    var containers: [String]
}
