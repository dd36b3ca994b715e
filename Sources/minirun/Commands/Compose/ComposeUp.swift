import ArgumentParser
import Compose
import Glibc
import Runtime

/// What `up` and `create` take alike: how the services' containers are converged.
struct ConvergeFlags: ParsableArguments {
    @Flag(help: "Build images before starting containers.")
    var build = false

    @Flag(name: .customLong("force-recreate"), help: "Recreate containers even if their configuration and image have not changed.")
    var forceRecreate = false

    @Flag(name: .customLong("no-recreate"), help: "If containers already exist, don't recreate them.")
    var noRecreate = false

    @Flag(name: .customLong("remove-orphans"), help: "Remove containers for services not defined in the files.")
    var removeOrphans = false

    @Option(help: "Scale SERVICE to NUM instances (SERVICE=NUM); overrides deploy.replicas.")
    var scale: [String] = []

    @Option(help: "Pull images before running: always, missing, never, build, or policy (each service's pull_policy).")
    var pull = "policy"

    @Argument(help: "Services (with what they depend on); all when none.")
    var services: [String] = []

    func options() throws -> UpOptions {
        var options = UpOptions()
        options.services = services
        options.build = build
        options.forceRecreate = forceRecreate
        options.noRecreate = noRecreate
        options.removeOrphans = removeOrphans
        options.pull = pull == "policy" ? nil : try ComposePullPolicy(parsing: pull)
        for entry in scale {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let count = Int(parts[1]) else { throw UsageError("invalid --scale \(entry): SERVICE=NUM") }
            options.scale[parts[0]] = count
        }
        return options
    }
}

struct ComposeUp: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "up", abstract: "Create and start the project's containers.")

    @ParentCommand var compose: ComposeCommand

    @Flag(name: [.customShort("d"), .customLong("detach")], help: "Run in the background; without it, follow the containers' output until they exit.")
    var detach = false

    @Flag(help: "Wait for services to be running and healthy.")
    var wait = false

    @OptionGroup var converging: ConvergeFlags

    func run() throws {
        let runner = try compose.runner()
        var options = try converging.options()
        options.wait = wait
        try runner.up(options)
        if !detach {
            try ComposeAttach(runner: runner, services: converging.services, colour: isatty(1) != 0).run()
        }
    }
}

/// `create`: up's containers made, or recreated, but not started.
struct ComposeCreate: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create the project's containers without starting them.")

    @ParentCommand var compose: ComposeCommand

    @OptionGroup var converging: ConvergeFlags

    func run() throws {
        var options = try converging.options()
        options.start = false
        try compose.runner().up(options)
    }
}

struct ComposeDown: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "down", abstract: "Stop and remove the project's containers and networks.")

    @ParentCommand var compose: ComposeCommand

    @Flag(name: [.customShort("v"), .customLong("volumes")], help: "Remove the named volumes of the files too.")
    var volumes = false

    @Flag(name: .customLong("remove-orphans"), help: "Remove containers for services not defined in the files.")
    var removeOrphans = false

    @Option(help: "Remove images used by services: local (built ones) or all.")
    var rmi: String?

    func run() throws {
        var options = DownOptions()
        options.volumes = volumes
        options.removeOrphans = removeOrphans
        options.removeImages = rmi
        try compose.runner().down(options)
    }
}
