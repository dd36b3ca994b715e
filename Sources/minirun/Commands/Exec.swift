import ArgumentParser
import CRuntimeShims
import Glibc
import Runtime

struct Exec: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "exec", abstract: "Run a command in a running container.")

    @Flag(name: [.customShort("i"), .customLong("interactive")], help: "Keep stdin open.")
    var interactive = false

    @Flag(name: [.customShort("t"), .customLong("tty")], help: "Allocate a pseudo-TTY.")
    var tty = false

    @Option(name: [.customShort("e"), .customLong("env")], help: "Set an environment variable.")
    var env: [String] = []

    @Option(name: [.customShort("w"), .customLong("workdir")], help: "Working directory inside the container.")
    var workdir: String?

    @Option(name: [.customShort("u"), .customLong("user")], help: "UID[:GID] or name[:group].")
    var user: String?

    @Argument(help: "The container.")
    var container: String

    @Argument(parsing: .captureForPassthrough, help: "The command and its arguments.")
    var command: [String] = []

    func run() throws {
        mr_block_signals()
        var options = ExecOptions(command: command)
        options.env = try Environment.parse(options: env, files: [], host: hostEnvironment)
        options.workingDir = workdir
        options.user = user
        options.interactive = interactive
        options.tty = tty
        if tty && interactive && isatty(0) == 0 {
            throw RuntimeError("the input device is not a TTY")
        }
        let code: Int32
        do {
            code = try makeEngine().exec(container, options)
        } catch let error as RuntimeError where error.exitCode == 125 {
            throw RuntimeError(error.description, exitCode: 126)  // docker exec: 126 when it cannot run
        }
        if code != 0 { throw ExitCode(code) }
    }
}
