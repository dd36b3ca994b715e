/// Docker's lists of CPUs and memory nodes (`--cpuset-cpus 0-2,4`): the numbers they name, checked
/// against those this machine has online, with Docker's messages.
enum CpusetList {
    /// The numbers of "0-2,4"; nil when it does not parse (an empty list, a range backwards).
    static func numbers(_ text: String) -> Set<Int>? {
        var numbers: Set<Int> = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
            guard (1...2).contains(bounds.count), let low = bounds[0], let high = bounds[bounds.count - 1], low >= 0, low <= high else {
                return nil
            }
            numbers.formUnion(low...high)
        }
        return numbers
    }

    /// Checks `text` as Docker's daemon does for `what` ("cpus" or "mems") against sysfs's list of
    /// the CPUs or memory nodes online (node 0 alone where the kernel has no NUMA support).
    static func check(_ text: String, what: String) throws {
        guard let wanted = numbers(text) else { throw RuntimeError(.invalidArgument, "Invalid value \(Identifiers.printable(text)) for cpuset \(what)") }
        let path = "/sys/devices/system/\(what == "cpus" ? "cpu" : "node")/online"
        let available = ((try? FileSystem.readString(path)) ?? "0").split(whereSeparator: \.isWhitespace).first.map(String.init) ?? "0"
        guard wanted.isSubset(of: numbers(available) ?? [0]) else {
            throw RuntimeError(.invalidArgument, what == "cpus"
                ? "Requested CPUs are not available - requested \(Identifiers.printable(text)), available: \(available)"
                : "Requested memory nodes are not available - requested \(Identifiers.printable(text)), available: \(available)")
        }
    }
}
