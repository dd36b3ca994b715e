import Runtime

/// What a prune removed, printed as Docker's CLI prints it: "Deleted Containers:" (or Networks,
/// Volumes, Images), a line each, an empty line; then, once for all, the total reclaimed space.
struct Pruned {
    var heading: String
    var lines: [String] = []
    var reclaimed: UInt64 = 0

    /// The report of one kind: nothing when it removed nothing.
    var report: String {
        lines.isEmpty ? "" : heading + "\n" + lines.map { $0 + "\n" }.joined() + "\n"
    }

    static func total(_ bytes: UInt64) -> String {
        "Total reclaimed space: \(HumanFormat.size(bytes, digits: 4))\n"
    }
}
