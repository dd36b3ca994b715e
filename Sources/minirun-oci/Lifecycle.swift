import ArgumentParser
import Glibc
import Runtime

struct Create: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create a container from a bundle; `start` runs its process.")
    @Option(name: [.short, .long], help: "The bundle directory (config.json and the root filesystem).") var bundle = "."
    @Option(name: .customLong("pid-file"), help: "Write the container process's pid here.") var pidFile: String?
    @Option(name: .customLong("console-socket"), help: "AF_UNIX socket that receives the pty master.") var consoleSocket: String?
    @Flag(name: .customLong("no-pivot"), help: "Accepted; minirun-oci always uses pivot_root.") var noPivot = false
    @Flag(name: .customLong("no-new-keyring"), help: "Accepted; no session keyring is made.") var noNewKeyring = false
    @Option(name: .customLong("preserve-fds"), help: "Pass this many fds from 3 on to the process.") var preserveFds = 0
    @Argument var id: String

    func run() throws {
        _ = try Global.current.runtime.create(id, OCICreateOptions(
            bundle: bundle, pidFile: pidFile, consoleSocket: consoleSocket, preserveFds: preserveFds))
    }
}

struct Start: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the process of a created container.")
    @Argument var id: String
    func run() throws { try Global.current.runtime.start(id) }
}

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Create and start a container; wait for it unless --detach.")
    @Option(name: [.short, .long]) var bundle = "."
    @Option(name: .customLong("pid-file")) var pidFile: String?
    @Option(name: .customLong("console-socket")) var consoleSocket: String?
    @Flag(name: [.short, .long]) var detach = false
    @Flag(name: .customLong("no-pivot")) var noPivot = false
    @Flag(name: .customLong("no-new-keyring")) var noNewKeyring = false
    @Option(name: .customLong("preserve-fds")) var preserveFds = 0
    @Argument var id: String

    func run() throws {
        let runtime = Global.current.runtime
        if !detach { OCIRuntime.blockForwardedSignals() }
        let process = try runtime.create(id, OCICreateOptions(
            bundle: bundle, pidFile: pidFile, consoleSocket: consoleSocket, preserveFds: preserveFds, foreground: !detach))
        do {
            try runtime.start(id)
        } catch {
            try? runtime.delete(id, force: true)
            throw error
        }
        if detach { return }
        let code = OCIRuntime.wait(for: process)
        try? runtime.delete(id, force: true)
        throw ExitCode(code)
    }
}

struct State: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print a container's state as JSON.")
    @Argument var id: String
    func run() throws { try Output.json(Global.current.runtime.state(id)) }
}

struct Kill: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Send a signal (default SIGTERM) to a container's process.")
    @Flag(name: [.short, .long], help: "Signal every process of the container.") var all = false
    @Argument var id: String
    @Argument var signal = "SIGTERM"

    func run() throws {
        try Global.current.runtime.kill(id, signal: try Signals.number(signal), all: all)
    }
}

struct Delete: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Delete a container and what it holds.")
    @Flag(name: [.short, .long], help: "Kill it first if it is running.") var force = false
    @Argument var id: String

    func run() throws {
        do {
            try Global.current.runtime.delete(id, force: force)
        } catch let error as RuntimeError where error.code == .notFound && force {
            return  // runc: --force on a missing container is not an error
        }
    }
}

struct Pause: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Freeze every process of a container.")
    @Argument var id: String
    func run() throws { try Global.current.runtime.pause(id, true) }
}

struct Resume: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Thaw a paused container.")
    @Argument var id: String
    func run() throws { try Global.current.runtime.pause(id, false) }
}
