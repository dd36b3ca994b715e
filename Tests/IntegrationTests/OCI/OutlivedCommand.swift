import TestSupport

/// Runs a program that leaves processes behind it (podman leaves conmon, the container's monitor)
/// with every fd above 2 closed. Foundation's Process gives each child one end of a socket pair and
/// takes that end's closing as the child's exit; podman passes the fds it inherited on to conmon, so
/// `podman run -d` through Command.run returned only once its container had ended, and a `podman
/// exec` after it found the container stopped ("container state improper", exit 255).
enum OutlivedCommand {
    private static let closeAndExec = "import os, sys; os.closerange(3, 1 << 20); os.execv(sys.argv[1], sys.argv[1:])"

    static func run(_ path: String, _ arguments: [String], environment: [String: String] = [:]) -> CommandResult {
        Command.run("/usr/bin/python3", ["-c", closeAndExec, path] + arguments, environment: environment)
    }
}
