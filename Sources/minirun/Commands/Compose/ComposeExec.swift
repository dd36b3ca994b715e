import ArgumentParser
import Compose
import Glibc
import Runtime

struct ComposeExec: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "exec", abstract: "Run a command in a service's running container.")

    @ParentCommand var compose: ComposeCommand

    @Flag(name: .customShort("T"), help: "Disable pseudo-TTY allocation (by default one is given when stdin is a terminal).")
    var noTTY = false

    @Option(name: [.customShort("e", allowingJoined: true), .customLong("env")], help: "Set environment variables.")
    var env: [String] = []

    @Option(name: [.customShort("u", allowingJoined: true), .customLong("user")], help: "Run as this user.")
    var user: String?

    @Option(name: [.customShort("w", allowingJoined: true), .customLong("workdir")], help: "Working directory inside the container.")
    var workdir: String?

    @Option(help: "Which of the service's containers (1 by default).")
    var index = 1

    @Argument(help: "The service.")
    var service: String

    @Argument(parsing: .captureForPassthrough, help: "The command and its arguments.")
    var command: [String] = []

    func run() throws {
        let runner = try compose.runner()
        let record = try runner.container(service: service, index: index)
        var options = ExecOptions(command: command)
        options.env = try Environment.parse(options: env, files: [], host: hostEnvironment)
        options.workingDir = workdir
        options.user = user
        options.interactive = true
        options.tty = !noTTY && isatty(0) != 0
        let code = try runner.engine.exec(record.id, options)
        if code != 0 { throw ExitCode(code) }
    }
}

struct ComposeRun: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run a one-off command in a new container of a service.")

    @ParentCommand var compose: ComposeCommand

    @Flag(name: [.customShort("d"), .customLong("detach")], help: "Run in the background and print the container ID.")
    var detach = false

    @Flag(help: "Remove the container when it exits.")
    var rm = false

    @Flag(name: .customLong("no-deps"), help: "Don't start the services it depends on.")
    var noDeps = false

    @Flag(name: .customShort("T"), help: "Disable pseudo-TTY allocation.")
    var noTTY = false

    @Option(name: .customLong("name"), help: "A name for the container.")
    var name: String?

    @Option(name: [.customShort("e", allowingJoined: true), .customLong("env")], help: "Set environment variables.")
    var env: [String] = []

    @Argument(help: "The service.")
    var service: String

    @Argument(parsing: .captureForPassthrough, help: "The command and its arguments (the service's command when none).")
    var command: [String] = []

    func run() throws {
        let runner = try compose.runner()
        var options = try runner.oneoffOptions(service: service, command: command, upDependencies: !noDeps)
        options.name = name
        options.autoRemove = rm
        options.interactive = !detach
        options.tty = !noTTY && !detach && isatty(0) != 0
        options.env += try Environment.parse(options: env, files: [], host: hostEnvironment)
        switch try runner.engine.run(options, detach: detach) {
        case .detached(let id): print(id)
        case .exited(let code): if code != 0 { throw ExitCode(code) }
        }
    }
}
