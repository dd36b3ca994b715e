import ArgumentParser
import Runtime

/// `volume prune`: as Docker 23 and later, the anonymous volumes no container mounts, or with -a
/// every volume none mounts; asks first unless -f.
struct VolumePrune: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "prune", abstract: "Remove volumes no container uses.")

    @Flag(name: [.customShort("a"), .customLong("all")], help: "Remove named volumes too, not only anonymous ones.")
    var all = false

    @Flag(name: [.customShort("f"), .customLong("force")], help: "Do not prompt for confirmation.")
    var force = false

    @Option(name: .customLong("filter"), help: "label=KEY[=VALUE], label!=KEY[=VALUE]: prune only those volumes.")
    var filters: [String] = []

    func run() throws {
        let filter = try PruneFilter(filters, now: .now(), takesDangling: false, takesUntil: false)
        let warning = all
            ? "WARNING! This will remove all local volumes not used by at least one container."
            : "WARNING! This will remove anonymous local volumes not used by at least one container."
        // As Docker: declining (or no answer) ends the command quietly, with status 0.
        guard force || Confirmation.ask(warning + "\nAre you sure you want to continue?") else { return }
        let pruned = Self.prune(makeEngine(), all: all, filter: filter)
        print(pruned.report + Pruned.total(pruned.reclaimed), terminator: "")
    }

    /// The anonymous volumes (or with `all` every volume) no container mounts that pass the filter.
    static func prune(_ engine: Engine, all: Bool, filter: PruneFilter) -> Pruned {
        var pruned = Pruned(heading: "Deleted Volumes:")
        for volume in engine.listVolumes() where (all || volume.isAnonymous) && filter.matches(created: volume.created, labels: volume.labels) {
            let size = DirectorySize.bytes(in: volume.mountpoint)
            // One a container mounts is refused: it stays, and out of the report.
            guard (try? engine.removeNamedVolume(volume.name)) == true else { continue }
            pruned.lines.append(volume.name)
            pruned.reclaimed += size
        }
        return pruned
    }
}
