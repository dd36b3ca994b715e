import ArgumentParser
import Runtime

struct Start: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "start", abstract: "Start one or more stopped containers.")

    @Flag(name: [.customShort("a"), .customLong("attach")], help: "Attach stdout/stderr and wait for the exit.")
    var attach = false

    /// As Docker's `start -i` (often `-ai`): attached, with the terminal's input passed to a
    /// container made with -i (`-a` alone leaves its input open with nothing coming).
    @Flag(name: [.customShort("i"), .customLong("interactive")], help: "Attach the container's STDIN (implies --attach).")
    var interactive = false

    @Argument(help: "Containers.")
    var containers: [String]

    func validate() throws {
        if containers.isEmpty { throw ValidationError("start requires at least 1 argument") }
        if (attach || interactive) && containers.count > 1 { throw ValidationError("you cannot start and attach multiple containers at once") }
    }

    func run() throws {
        let engine = makeEngine()
        if attach || interactive {
            let code = try engine.start(containers[0], attach: true, input: interactive)
            if code != 0 { throw ExitCode(code) }
            return
        }
        try forEachReporting(containers) { reference in
            _ = try engine.start(reference, attach: false)
            print(reference)
        }
    }
}
