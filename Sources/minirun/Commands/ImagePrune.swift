import ArgumentParser
import Glibc
import Runtime

/// `image prune`: dangling images, or with -a every image no container uses; asks first unless -f.
struct ImagePrune: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "prune", abstract: "Remove unused images.")

    @Flag(name: [.customShort("a"), .customLong("all")], help: "Remove every image no container uses, not only dangling ones.")
    var all = false

    @Flag(name: [.customShort("f"), .customLong("force")], help: "Do not prompt for confirmation.")
    var force = false

    @Option(name: .customLong("filter"), help: "until=TIME|DURATION, label=KEY[=VALUE], label!=KEY[=VALUE] or dangling=false (as -a).")
    var filters: [String] = []

    func run() throws {
        let filter = try PruneFilter(filters, now: .now(), takesDangling: true)
        // dangling=false is -a; dangling=true wins over -a.
        let danglingOnly = filter.dangling ?? !all
        let warning = !danglingOnly
            ? "WARNING! This will remove all images without at least one container associated to them."
            : "WARNING! This will remove all dangling images."
        // As Docker: declining (or no answer) ends the command quietly, with status 0.
        guard force || Confirmation.ask(warning + "\nAre you sure you want to continue?") else { return }
        let pruned = try Self.prune(makeEngine(), all: !danglingOnly, filter: filter)
        print(pruned.report + Pruned.total(pruned.reclaimed), terminator: "")
    }

    /// Dangling images (or with `all` every unused one) that pass the filter, and what a killed pull left.
    static func prune(_ engine: Engine, all: Bool, filter: PruneFilter) throws -> Pruned {
        let chosen = filter.choosesAll ? nil : Set(try engine.images.listing(all: false).filter { filter.matches(created: $0.created, labels: $0.labels) }.map(\.record.id))
        let (removed, reclaimed) = try engine.pruneImages(all: all, among: chosen)
        let lines = removed.map { line in
            switch line {
            case .untagged(let name): "untagged: \(name)"
            case .deleted(let digest): "deleted: \(digest)"
            }
        }
        return Pruned(heading: "Deleted Images:", lines: lines, reclaimed: reclaimed)
    }
}

