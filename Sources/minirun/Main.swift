import ArgumentParser
import Glibc
import GoTemplate
import Runtime

/// Entry point: takes the global `--root DIR` off the front of the arguments, runs the command,
/// and turns any error into one line on stderr with Docker's exit codes (see ExitStatus).
@main
enum Main {
    static func main() {
        signal(SIGPIPE, SIG_IGN)  // a closed pipe is an error to report, not a reason to die
        var arguments = Array(CommandLine.arguments.dropFirst())
        if let first = arguments.first, first == "--root" || first.hasPrefix("--root=") {
            let value = first == "--root" ? (arguments.count > 1 ? arguments[1] : "") : String(first.dropFirst(7))
            arguments.removeFirst(first == "--root" ? min(2, arguments.count) : 1)
            if value.isEmpty { fail("--root needs a directory", code: 125) }
            setenv("MINIRUN_ROOT", value, 1)
        }
        var kind = ExitStatus.CommandKind.other
        do {
            if let run = quickRun(arguments) {
                kind = .runOrCreate
                try run.run()
            } else {
                var command = try FlagValues.parse(arguments)
                kind = ExitStatus.CommandKind(command)
                try command.run()
            }
        } catch let error as RuntimeError {
            fail(error.description, code: ExitStatus.of(error.code, in: kind))
        } catch let error as UsageError {
            fail(error.description, code: ExitStatus.usage)
        } catch let error as TemplateError {
            fail(error.description, code: 1)
        } catch let exit as ExitCode {
            Glibc.exit(exit.rawValue)
        } catch {
            let code = MiniRun.exitCode(for: error)
            if code == .success {
                MiniRun.exit(withError: error)  // --help and friends
            }
            let message = MiniRun.message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            fail(message, code: 125)
        }
    }

    static func fail(_ message: String, code: Int32) -> Never {
        printDiagnostic(message)
        Glibc.exit(code)
    }
}

struct MiniRun: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "minirun",
        abstract: "A daemonless container runtime.",
        discussion: "Global option: --root DIR (or MINIRUN_ROOT) keeps all state under DIR.",
        version: "minirun version \(BuildInfo.version)",
        subcommands: [
            Run.self, Create.self, Attach.self, Exec.self, Ps.self, Logs.self, Inspect.self, Stats.self, Start.self, Stop.self, Restart.self, Kill.self, Wait.self, Rm.self, Rename.self, Port.self, Top.self, Cp.self, Pause.self, Unpause.self, Commit.self, Diff.self, Export.self, Update.self,
            Images.self, ImageCommand.self, Build.self, Import.self, Tag.self, History.self, Rmi.self, Load.self, Save.self, Pull.self, Push.self, Login.self, Logout.self, ContainerCommand.self, VolumeCommand.self, NetworkCommand.self, ComposeCommand.self, SystemCommand.self, Info.self, Version.self, ContainerExited.self, HealthCheck.self,
        ]
    )
}

/// `run` without swift-argument-parser when its arguments take only the usual forms (a start is
/// in milliseconds, and ArgumentParser alone takes more than one).
func quickRun(_ arguments: [String]) -> RunArguments? {
    guard arguments.first == "run" else { return nil }
    return Run.parseQuickly(Array(arguments.dropFirst()))
}

/// The engine for the state root the user chose.
func makeEngine(explain: Bool = false) -> Engine {
    let root = StateRoot.resolve(root: nil, environment: hostEnvironment)
    return Engine(root: root, explainer: Explainer(enabled: explain))
}

/// A variable of minirun's own environment. Looked up by name: a dictionary of the whole
/// environment, built twice per `run`, cost it 0.1 ms.
func hostEnvironment(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
}
