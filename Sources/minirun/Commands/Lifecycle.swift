import ArgumentParser
import CRuntimeShims
import Glibc
import Runtime

struct Start: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "start", abstract: "Start one or more stopped containers.")

    @Flag(name: [.customShort("a"), .customLong("attach")], help: "Attach stdout/stderr and wait for the exit.")
    var attach = false

    @Argument(help: "Containers.")
    var containers: [String]

    func validate() throws {
        if containers.isEmpty { throw ValidationError("start requires at least 1 argument") }
        if attach && containers.count > 1 { throw ValidationError("you cannot start and attach multiple containers at once") }
    }

    func run() throws {
        let engine = makeEngine()
        if attach {
            mr_block_signals()
            let code = try engine.start(containers[0], attach: true)
            if code != 0 { throw ExitCode(code) }
            return
        }
        try forEachReporting(containers) { reference in
            _ = try engine.start(reference, attach: false)
            print(reference)
        }
    }
}

struct Stop: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stop", abstract: "Stop one or more running containers.")

    @Option(name: [.customShort("t"), .customLong("time")], parsing: .unconditional,
            help: "Seconds to wait after SIGTERM before SIGKILL (-1: no limit, as in docker).")
    var time = 10

    @Argument(help: "Containers.")
    var containers: [String]

    func validate() throws {
        if containers.isEmpty { throw ValidationError("stop requires at least 1 argument") }
    }

    func run() throws {
        let engine = makeEngine()
        try forEachReporting(containers) { reference in
            _ = try engine.stop(reference, timeout: time)
            print(reference)
        }
    }
}

struct Restart: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "restart", abstract: "Restart one or more containers.")

    @Option(name: [.customShort("t"), .customLong("time")], parsing: .unconditional,
            help: "Seconds to wait after SIGTERM before SIGKILL (-1: no limit, as in docker).")
    var time = 10

    @Argument(help: "Containers.")
    var containers: [String]

    func validate() throws {
        if containers.isEmpty { throw ValidationError("restart requires at least 1 argument") }
    }

    func run() throws {
        let engine = makeEngine()
        try forEachReporting(containers) { reference in
            _ = try engine.stop(reference, timeout: time)
            _ = try engine.start(reference, attach: false)
            print(reference)
        }
    }
}

struct Kill: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "kill", abstract: "Send a signal to one or more running containers.")

    @Option(name: [.customShort("s"), .customLong("signal")], parsing: .unconditional, help: "Signal name or number (default KILL).")
    var signal = "KILL"

    @Argument(help: "Containers.")
    var containers: [String]

    func validate() throws {
        if containers.isEmpty { throw ValidationError("kill requires at least 1 argument") }
    }

    func run() throws {
        let engine = makeEngine()
        let number = try Signals.number(signal)
        try forEachReporting(containers) { reference in
            try engine.kill(reference, signal: number)
            print(reference)
        }
    }
}

struct Wait: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "wait", abstract: "Wait for containers to stop and print their exit codes.")

    @Argument(help: "Containers.")
    var containers: [String]

    func validate() throws {
        if containers.isEmpty { throw ValidationError("wait requires at least 1 argument") }
    }

    func run() throws {
        let engine = makeEngine()
        try forEachReporting(containers) { reference in
            print(try engine.wait(reference))
        }
    }
}
