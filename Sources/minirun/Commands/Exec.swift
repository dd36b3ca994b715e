import ArgumentParser
import Glibc
import Runtime

struct Exec: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "exec", abstract: "Run a command in a running container.")

    @OptionGroup var process: ProcessFlags

    @Argument(help: "The container.")
    var container: String

    @Argument(parsing: .captureForPassthrough, help: "The command and its arguments.")
    var command: [String] = []

    func run() throws {
        var options = ExecOptions(command: command)
        options.env = try Environment.parse(options: process.env, files: [], host: hostEnvironment)
        options.workingDir = process.workdir
        options.user = process.user
        options.interactive = process.interactive
        options.tty = process.tty
        if options.tty && options.interactive && isatty(0) == 0 {
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
