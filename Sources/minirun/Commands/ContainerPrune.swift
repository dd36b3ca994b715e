import ArgumentParser
import Runtime

/// `container prune`: every container that is not running; asks first unless -f.
struct ContainerPrune: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "prune", abstract: "Remove all stopped containers.")

    @Flag(name: [.customShort("f"), .customLong("force")], help: "Do not prompt for confirmation.")
    var force = false

    @Option(name: .customLong("filter"), help: "until=TIME|DURATION, label=KEY[=VALUE], label!=KEY[=VALUE]: prune only those containers.")
    var filters: [String] = []

    func run() throws {
        let filter = try PruneFilter(filters, now: .now(), takesDangling: false)
        // As Docker: declining (or no answer) ends the command quietly, with status 0.
        guard force || Confirmation.ask("WARNING! This will remove all stopped containers.\nAre you sure you want to continue?") else { return }
        let pruned = Self.prune(makeEngine(), filter: filter)
        print(pruned.report + Pruned.total(pruned.reclaimed), terminator: "")
    }

    /// The containers that are not running and pass the filter, and the bytes they wrote.
    static func prune(_ engine: Engine, filter: PruneFilter) -> Pruned {
        var pruned = Pruned(heading: "Deleted Containers:")
        let stopped = engine.reconciledListing().records.filter {
            $0.state.status != .running && filter.matches(created: $0.config.created, labels: $0.config.labels)
        }
        for record in stopped {
            let size = engine.containers.writableLayerSize(of: record.id)
            // One that started meanwhile, or went, stays out of the report.
            if let failure = engine.remove([record.id], force: false)[record.id] {
                if failure.code != .notFound { printDiagnostic(failure.description) }
                continue
            }
            pruned.lines.append(record.id)
            pruned.reclaimed += size
        }
        return pruned
    }
}
