import ArgumentParser
import Glibc
import Registry
import Runtime

struct Login: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Log in to a registry (the credentials go to auth.json in the state root, mode 0600).")

    @Option(name: [.customShort("u", allowingJoined: true), .customLong("username")], help: "Username.")
    var username: String?

    @Option(name: [.customShort("p", allowingJoined: true), .customLong("password")], help: "Password.")
    var password: String?

    @Flag(name: .customLong("password-stdin"), help: "Take the password from stdin.")
    var passwordStdin = false

    @OptionGroup var registryOptions: RegistryOptions

    @Argument(help: "The registry (HOST[:PORT]); Docker Hub when left out.")
    var server: String?

    func validate() throws {
        if password != nil && passwordStdin { throw ValidationError("--password and --password-stdin are mutually exclusive") }
        if passwordStdin && username == nil { throw ValidationError("Must provide --username with --password-stdin") }
    }

    func run() throws {
        let registry = try RegistryName.parse(server ?? RemoteReference.dockerHub)
        if password != nil { printDiagnostic("WARNING! Using --password via the CLI is insecure. Use --password-stdin.") }
        let user = try username ?? Self.prompt("Username: ", echo: true)
        let secret: String
        if passwordStdin {
            var text = String(decoding: try FileSystem.readAll(fd: 0, path: "stdin"), as: UTF8.self)
            while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
            secret = text
        } else {
            secret = try password ?? Self.prompt("Password: ", echo: false)
        }
        guard !user.isEmpty, !secret.isEmpty else { throw RuntimeError(.invalidArgument, "Error: a username and a password are required") }
        let root = StateRoot.resolve(root: nil, environment: hostEnvironment)
        let credentials = Credentials(username: user, password: secret)
        let insecure = try registryOptions.insecure(root: root)
        try awaitBlocking {
            try await RegistrySession.open(registry: registry, repository: nil, credentials: credentials, insecure: insecure).close()
        }
        try AuthFile(root: root).store(credentials, for: registry)
        print("Login Succeeded")
    }

    /// A line read from the terminal, without echo for a password.
    static func prompt(_ text: String, echo: Bool) throws -> String {
        guard isatty(0) == 1 else { throw RuntimeError(.invalidArgument, "Cannot perform an interactive login from a non TTY device") }
        _ = try? FileSystem.writeAll(fd: 1, Array(text.utf8), path: "stdout")
        var saved = termios()
        tcgetattr(0, &saved)
        if !echo {
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(0, TCSANOW, &quiet)
        }
        defer {
            if !echo {
                tcsetattr(0, TCSANOW, &saved)
                print("")
            }
        }
        return readLine() ?? ""
    }
}

struct Logout: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "logout", abstract: "Log out from a registry.")

    @Argument(help: "The registry (HOST[:PORT]); Docker Hub when left out.")
    var server: String?

    func run() throws {
        let registry = try RegistryName.parse(server ?? RemoteReference.dockerHub)
        let root = StateRoot.resolve(root: nil, environment: hostEnvironment)
        if try AuthFile(root: root).remove(registry: registry) {
            print("Removing login credentials for \(registry)")
        } else {
            print("Not logged in to \(registry)")
        }
    }
}
