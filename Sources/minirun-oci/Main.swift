import ArgumentParser
import Glibc
import Runtime

/// minirun-oci: minirun as an OCI runtime, with runc's command line, for dockerd, containerd and
/// Podman. Global flags come before the verb, as runc takes them:
///   minirun-oci [--root DIR] [--log FILE] [--log-format text|json] [--systemd-cgroup] [--debug] VERB ...
/// An error is one line on stderr and, with --log, a log record there; the exit status is 1, as runc's.
@main
enum Main {
    static func main() {
        signal(SIGPIPE, SIG_IGN)
        var arguments = Array(CommandLine.arguments.dropFirst())
        do {
            Global.current = try Global.parse(&arguments)
        } catch {
            Log.fail("\(error)")
        }
        do {
            var command = try OCICommand.parseAsRoot(arguments)
            try command.run()
        } catch let error as RuntimeError {
            Log.fail(error.description)
        } catch let exit as ExitCode {
            Glibc.exit(exit.rawValue)
        } catch {
            if OCICommand.exitCode(for: error) == .success { OCICommand.exit(withError: error) }
            Log.fail(OCICommand.message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)")
        }
    }
}

struct OCICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "minirun-oci",
        abstract: "minirun as an OCI runtime (runc's command line).",
        discussion: """
            Global flags, before the command: --root DIR (default /run/minirun-oci), --log FILE, \
            --log-format text|json, --systemd-cgroup, --debug.
            """,
        version: "minirun-oci version \(OCIVersionText.version)\nspec: \(OCIVersion.spec)",
        subcommands: [
            Spec.self, Features.self, Create.self, Start.self, RunCommand.self, State.self, Kill.self, Delete.self,
            List.self, Ps.self, Exec.self, Pause.self, Resume.self, Update.self, Events.self,
        ])
}

enum OCIVersionText {
    static let version = "1.0.0"
}
