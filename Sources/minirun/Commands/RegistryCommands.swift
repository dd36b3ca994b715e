import ArgumentParser
import Glibc
import Runtime

/// `pull`, `push`, `login` and `logout` live in minirun-pull, beside minirun, so that this program links no
/// SwiftNIO, TLS or swift-crypto and `run` does not pay for loading them (bench/REGISTRY-STARTUP.md).
/// These commands only name them in minirun's help and execute minirun-pull with the same arguments:
/// the same process, stdio and exit status; minirun-pull parses them and prints their own help.
protocol RegistryPassthrough: ParsableCommand {
    var arguments: [String] { get }
}

extension RegistryPassthrough {
    func run() throws {
        let program = Executables.besideThisProgram().pull
        let argv: [UnsafeMutablePointer<CChar>?] = ([program, Self._commandName] + arguments).map { strdup($0) } + [nil]
        execv(program, argv)
        throw RuntimeError(.system, "cannot run \(program): \(String(cString: strerror(errno)))")
    }
}

struct Pull: RegistryPassthrough {
    static let configuration = CommandConfiguration(
        commandName: "pull", abstract: "Download an image from a registry (NAME[:TAG|@DIGEST]).")

    @Argument(parsing: .captureForPassthrough, help: "[-a] [--platform os/arch] [-q] [--insecure-registry HOST] NAME[:TAG|@DIGEST]")
    var arguments: [String] = []
}

struct Push: RegistryPassthrough {
    static let configuration = CommandConfiguration(commandName: "push", abstract: "Upload an image to a registry (NAME[:TAG]).")

    @Argument(parsing: .captureForPassthrough, help: "[-a] [-q] [--insecure-registry HOST] NAME[:TAG]")
    var arguments: [String] = []
}

struct Login: RegistryPassthrough {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Log in to a registry (the credentials go to auth.json in the state root, mode 0600).")

    @Argument(parsing: .captureForPassthrough, help: "[-u USER] [-p PASSWORD | --password-stdin] [SERVER]")
    var arguments: [String] = []
}

struct Logout: RegistryPassthrough {
    static let configuration = CommandConfiguration(commandName: "logout", abstract: "Log out from a registry.")

    @Argument(parsing: .captureForPassthrough, help: "[SERVER]")
    var arguments: [String] = []
}
