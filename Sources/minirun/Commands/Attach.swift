import ArgumentParser
import Runtime

/// `attach CONTAINER`: this terminal on a detached container's output (and with -i its input),
/// as Docker's; Ctrl-P Ctrl-Q leaves it running.
struct Attach: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attach", abstract: "Attach local standard input, output, and error streams to a running container.")

    @Flag(name: .customLong("no-stdin"), help: "Do not attach STDIN.")
    var noStdin = false

    @Option(name: .customLong("sig-proxy"), help: "Proxy all received signals to the process (true or false).",
            transform: { try GoBool.flag($0, named: "--sig-proxy") })
    var sigProxy = true

    @Option(name: .customLong("detach-keys"), help: "Override the key sequence for detaching a container.")
    var detachKeys = DetachKeys.dockerDefault

    @Argument(help: "The container.")
    var container: String

    func run() throws {
        var options = AttachOptions()
        options.noStdin = noStdin
        options.sigProxy = sigProxy
        options.detachKeys = detachKeys
        let code = try makeEngine().attach(container, options)
        if code != 0 { throw ExitCode(code) }
    }
}
