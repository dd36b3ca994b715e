import ArgumentParser
import Glibc
import Runtime

struct Exec: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "exec", abstract: "Run a command in a running container.")

    @OptionGroup var process: ProcessFlags

    @Flag(name: [.customShort("d"), .customLong("detach")], help: "Run the command in the background; print nothing.")
    var detach = false

    @Option(name: .customLong("env-file"), help: "Read environment variables from a file.")
    var envFiles: [String] = []

    @Flag(name: .customLong("privileged"), help: "Give the command every capability (the container's seccomp filter, widened to them, still applies).")
    var privileged = false

    @Argument(help: "The container.")
    var container: String

    @Argument(parsing: .captureForPassthrough, help: "The command and its arguments.")
    var command: [String] = []

    func run() throws {
        var options = ExecOptions(command: command)
        options.env = try Environment.parse(
            options: process.env, files: try envFiles.map(ContainerArguments.readEnvFile), host: hostEnvironment)
        options.workingDir = process.workdir
        options.user = process.user
        options.interactive = process.interactive
        options.tty = process.tty
        options.detach = detach
        options.privileged = privileged
        if options.tty && options.interactive && !detach && isatty(0) == 0 {
            throw RuntimeError(.notATerminal, "the input device is not a TTY")
        }
        let code = try makeEngine().exec(container, options)
        if code != 0 { throw ExitCode(code) }
    }
}
