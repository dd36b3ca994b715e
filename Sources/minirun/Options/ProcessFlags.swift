import ArgumentParser

/// The options of the process a container runs, which `run`, `create` and `exec` share: declared
/// once here, as docker's are.
struct ProcessFlags: ParsableArguments {
    @Option(name: [.customShort("e", allowingJoined: true), .customLong("env")], help: "Set an environment variable (K=V, or K to copy it from here).")
    var env: [String] = []

    @Option(name: [.customShort("w", allowingJoined: true), .customLong("workdir")], help: "Working directory inside the container.")
    var workdir: String?

    @Option(name: [.customShort("u", allowingJoined: true), .customLong("user")], help: "UID[:GID] or name[:group] to run as.")
    var user: String?

    @Flag(name: [.customShort("i"), .customLong("interactive")], help: "Keep stdin open.")
    var interactive = false

    @Flag(name: [.customShort("t"), .customLong("tty")], help: "Allocate a pseudo-TTY.")
    var tty = false
}
