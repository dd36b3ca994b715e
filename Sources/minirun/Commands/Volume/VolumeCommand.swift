import ArgumentParser
import Runtime

/// `volume ...`: the volumes of the state root (volumes/NAME/_data, as Docker keeps them), which
/// `-v NAME:/path`, an image's VOLUME and compose files make.
struct VolumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "volume", abstract: "Manage volumes.",
        subcommands: [VolumeCreate.self, VolumeList.self, VolumeInspect.self, VolumeRemove.self, VolumePrune.self])
}

struct VolumeCreate: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a volume (a random name when none is given).")

    @Option(name: [.customShort("d", allowingJoined: true), .customLong("driver")], help: "Only local.")
    var driver = "local"

    @Option(name: .customLong("label"), help: "Set a label KEY=VALUE on the volume (repeatable).")
    var labels: [String] = []

    @Option(name: [.customShort("o", allowingJoined: true), .customLong("opt")],
            help: "A local driver option: type=none with o=bind and device=/host/path, or type=tmpfs with device=tmpfs and o=size=64m.")
    var options: [String] = []

    @Argument(help: "The volume's name.")
    var name: String?

    func run() throws {
        guard driver == "local" else { throw RuntimeError(.notFound, "plugin \"\(Identifiers.printable(driver))\" not found: only the local driver exists") }
        var parsed: [String: String] = [:]
        for option in options {
            let parts = option.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw RuntimeError(.invalidArgument, "invalid option \(Identifiers.printable(option)): KEY=VALUE") }
            parsed[parts[0]] = parts[1]
        }
        print(try makeEngine().createVolume(named: name, labels: try LabelArguments.parse(labels), options: parsed).name)
    }
}

struct VolumeRemove: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove one or more volumes.", aliases: ["remove"])

    @Flag(name: [.customShort("f"), .customLong("force")], help: "Say nothing of a volume that does not exist.")
    var force = false

    @Argument(help: "Volume names.")
    var volumes: [String]

    func validate() throws {
        if volumes.isEmpty { throw ValidationError("rm requires at least 1 argument") }
    }

    /// As Docker's: each removed name printed, each failure a line on stderr, status 1 if any failed.
    func run() throws {
        let engine = makeEngine()
        try forEachReporting(volumes) { name in
            if try engine.removeNamedVolume(name) {
                print(name)
            } else if !force {
                throw RuntimeError(.notFound, "get \(Identifiers.printable(name)): no such volume")
            }
        }
    }
}
