import ArgumentParser

/// What `stop` and `restart` take: how long a container has to end after SIGTERM, and which ones.
struct StopFlags: ParsableArguments {
    @Option(name: [.customShort("t"), .customLong("time")], parsing: .unconditional,
            help: "Seconds to wait after the stop signal before SIGKILL (-1: no limit, as in docker).")
    var time = 10

    @Argument(help: "Containers.")
    var containers: [String]
}
