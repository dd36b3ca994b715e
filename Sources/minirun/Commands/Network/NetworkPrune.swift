import ArgumentParser
import Runtime

/// `network prune`: networks of one's own that no container uses; asks first unless -f.
struct NetworkPrune: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "prune", abstract: "Remove networks no container uses.")

    @Flag(name: [.customShort("f"), .customLong("force")], help: "Do not prompt for confirmation.")
    var force = false

    @Option(name: .customLong("filter"), help: "until=TIME|DURATION, label=KEY[=VALUE], label!=KEY[=VALUE]: prune only those networks.")
    var filters: [String] = []

    func run() throws {
        let filter = try PruneFilter(filters, now: .now(), takesDangling: false)
        // As Docker: declining (or no answer) ends the command quietly, with status 0.
        guard force || Confirmation.ask(
            "WARNING! This will remove all custom networks not used by at least one container.\nAre you sure you want to continue?"
        ) else { return }
        print(try Self.prune(makeEngine(), filter: filter).report, terminator: "")
    }

    /// The networks of one's own no container uses that pass the filter (no space to reclaim).
    static func prune(_ engine: Engine, filter: PruneFilter) throws -> Pruned {
        Pruned(heading: "Deleted Networks:", lines: try engine.pruneNetworks { filter.matches(created: $0.created, labels: $0.labels) })
    }
}
