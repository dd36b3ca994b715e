import ArgumentParser
import Runtime

/// `system prune`: what Docker's removes, in its order and with its prompt - stopped containers,
/// networks no container uses, with --volumes anonymous volumes none mounts, dangling images (with
/// -a every unused one) and the build cache (its step images that no image keeps).
struct SystemPrune: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune", abstract: "Remove stopped containers, unused networks, dangling images and the build cache.")

    @Flag(name: [.customShort("a"), .customLong("all")], help: "Remove every image no container uses, not only dangling ones.")
    var all = false

    @Flag(help: "Remove anonymous volumes no container mounts too.")
    var volumes = false

    @Flag(name: [.customShort("f"), .customLong("force")], help: "Do not prompt for confirmation.")
    var force = false

    @Option(name: .customLong("filter"), help: "until=TIME|DURATION, label=KEY[=VALUE], label!=KEY[=VALUE]: prune only those.")
    var filters: [String] = []

    func run() throws {
        let filter = try PruneFilter(filters, now: .now(), takesDangling: false)
        if volumes && filter.until != nil {
            throw RuntimeError(.invalidArgument, #"ERROR: The "until" filter is not supported with "--volumes""#)
        }
        var warnings = ["all stopped containers", "all networks not used by at least one container"]
        if volumes { warnings.append("all anonymous volumes not used by at least one container") }
        warnings.append(all ? "all images without at least one container associated to them" : "all dangling images")
        warnings.append(all ? "all build cache" : "unused build cache")
        let message = "WARNING! This will remove:\n" + warnings.map { "  - " + $0 + "\n" }.joined() + "\nAre you sure you want to continue?"
        // As Docker: declining (or no answer) ends the command quietly, with status 0.
        guard force || Confirmation.ask(message) else { return }
        let engine = makeEngine()
        var pruned = [ContainerPrune.prune(engine, filter: filter), try NetworkPrune.prune(engine, filter: filter)]
        if volumes { pruned.append(VolumePrune.prune(engine, all: false, filter: filter)) }
        // The cache's step images are images no tag names: without the cache, the image prune removes
        // what no image keeps of them. What that freed beyond the images it reports is the cache's.
        let cached = engine.images.buildCacheImages()
        let before = DirectorySize.bytes(in: engine.root.images)
        try engine.images.emptyBuildCache()
        let images = try ImagePrune.prune(engine, all: all, filter: filter)
        let freed = before - min(before, DirectorySize.bytes(in: engine.root.images))
        let gone = cached.filter { ((try? engine.images.content(of: $0)) ?? nil) == nil }
        pruned.append(images)
        pruned.append(Pruned(heading: "Deleted build cache objects:", lines: gone.sorted(), reclaimed: freed - min(freed, images.reclaimed)))
        print(pruned.map(\.report).joined() + Pruned.total(pruned.map(\.reclaimed).reduce(0, +)), terminator: "")
    }
}
