import ArgumentParser
import JSONCodec
import Runtime

/// `container ...`, Docker's management command: the container commands under one name (`container
/// ls`, `container rm`, ...), and `container prune`.
struct ContainerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "container", abstract: "Manage containers.",
        subcommands: [ContainerList.self, Run.self, Create.self, Start.self, Stop.self, Restart.self, Kill.self, Wait.self, Attach.self, Rm.self,
                      ContainerPrune.self, Exec.self, Logs.self, ContainerInspect.self, Port.self, Rename.self, Stats.self, Top.self, Cp.self, Pause.self, Unpause.self, Commit.self, Diff.self, Export.self, Update.self])
}

/// `container ls` (or `list`, or `ps`), the same as `ps`.
struct ContainerList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ls", abstract: "List containers.", aliases: ["list", "ps"])
    @OptionGroup var ps: Ps
    func run() throws { try ps.run() }
}

/// `container inspect`: containers only, as JSON or each through a Go template.
struct ContainerInspect: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "inspect", abstract: "Show containers as JSON.")

    @Option(name: [.customShort("f", allowingJoined: true), .customLong("format")], help: "A Go template, e.g. '{{.NetworkSettings.IPAddress}}'.")
    var format: String?

    @Flag(name: [.customShort("s"), .customLong("size")], help: "Display total file sizes.")
    var size = false

    @Argument(help: "Containers (name, ID or ID prefix).")
    var containers: [String]

    func validate() throws {
        if containers.isEmpty { throw ValidationError("inspect requires at least 1 argument") }
    }

    func run() throws {
        let engine = makeEngine()
        try InspectPrinter(format: format).print(containers) { try engine.inspectionJSON(of: $0, size: size) }
    }
}
