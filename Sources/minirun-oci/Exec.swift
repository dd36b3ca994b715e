import ArgumentParser
import Glibc
import Runtime

struct Exec: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run a process in a container: --process FILE (a config.json process) or ARGS.")
    @Option(name: [.short, .long], help: "process.json; - for stdin") var process: String?
    @Flag(name: [.short, .long]) var detach = false
    @Option(name: .customLong("pid-file")) var pidFile: String?
    @Option(name: .customLong("console-socket")) var consoleSocket: String?
    @Flag(name: [.short, .long]) var tty = false
    @Option var cwd: String?
    @Option(name: [.short, .long]) var env: [String] = []
    @Option(name: [.short, .long], help: "UID[:GID]") var user: String?
    @Option(name: .customLong("preserve-fds")) var preserveFds = 0
    @Argument var id: String
    @Argument(parsing: .captureForPassthrough) var arguments: [String] = []

    func run() throws {
        let runtime = Global.current.runtime
        var spec: OCIProcess
        if let process {
            spec = try Output.read(OCIProcess.self, from: process)
        } else {
            let command = arguments.first == "--" ? Array(arguments.dropFirst()) : arguments
            guard !command.isEmpty else { throw RuntimeError(.invalidArgument, "exec: args must not be empty") }
            spec = try runtime.execProcess(id, args: command, env: env, cwd: cwd, tty: tty, user: user)
        }
        if !detach { OCIRuntime.blockForwardedSignals() }
        let started = try runtime.exec(id, process: spec, OCIExecOptions(
            detach: detach, pidFile: pidFile, consoleSocket: consoleSocket, preserveFds: preserveFds))
        if detach { return }
        throw ExitCode(OCIRuntime.wait(for: started))
    }
}
