import ArgumentParser
import Glibc
import Runtime

/// minirun-pull: the registry client - `pull`, `login`, `logout` - as its own program beside minirun,
/// so that SwiftNIO, TLS and swift-crypto (Foundation and ICU with it) are loaded only by what talks to
/// registries and never by `run` (bench/REGISTRY-STARTUP.md). minirun executes it for those commands
/// with the same arguments, and runs it for `run --pull`; the state root is MINIRUN_ROOT, which
/// minirun sets from --root. Errors are one line on stderr: every failed pull exits 125 (issue 14),
/// login and logout exit 1 as Docker's do, and a flag the CLI refuses exits 125.
@main
enum Main {
    static func main() {
        signal(SIGPIPE, SIG_IGN)  // a closed pipe is an error to report, not a reason to die
        var isPull = CommandLine.arguments.dropFirst().first == "pull"
        do {
            var command = try RegistryCommands.parseAsRoot(Array(CommandLine.arguments.dropFirst()))
            isPull = command is Pull
            try command.run()
        } catch let error as RuntimeError {
            fail(error.description, code: isPull ? 125 : 1)
        } catch let exit as ExitCode {
            Glibc.exit(exit.rawValue)
        } catch {
            if RegistryCommands.exitCode(for: error) == .success {
                RegistryCommands.exit(withError: error)  // --help
            }
            let message = RegistryCommands.message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            fail(message, code: 125)
        }
    }

    static func fail(_ message: String, code: Int32) -> Never {
        printDiagnostic(message)
        Glibc.exit(code)
    }
}

/// Named "minirun" so that usage lines read as the user typed them (`minirun pull ...`).
struct RegistryCommands: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "minirun", abstract: "minirun's registry client.", subcommands: [Pull.self, Push.self, Login.self, Logout.self, Fetch.self])
}

/// The engine for the state root minirun chose (MINIRUN_ROOT).
func makeEngine() -> Engine {
    Engine(root: StateRoot.resolve(root: nil, environment: hostEnvironment))
}

func hostEnvironment(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
}
