import Glibc
import Runtime

/// This machine's cgroups as the tests that use real ones need to know them: whatever the layout
/// (v1, hybrid, v2 alone) and whether or not controllers are delegated to the caller's cgroup, a
/// test asks here instead of assuming where a hierarchy is mounted. Read independently of
/// `ContainerCgroup.plan`, so that a fault there fails a test rather than skipping it.
public enum MachineCgroups {
    /// The layout of the test process, read afresh (a test may run in another mount namespace than
    /// the one the suite was planned in).
    public static var layout: CgroupLayout? { try? CgroupLayout.discover() }

    /// Why containers made beneath this process's cgroup cannot be limited by `controller`, or nil
    /// when they can: no hierarchy offers it, or on cgroup v2 the caller's cgroup neither delegates it
    /// to its children nor may start to, as it holds processes (the "no internal processes" rule).
    public static func whyNoLimit(by controller: String) -> String? {
        guard let layout else { return "the cgroup layout cannot be read" }
        guard let hierarchy = layout.hierarchy(for: controller) else {
            return "no \(controller) controller: neither a cgroup v1 hierarchy nor the cgroup v2 one offers it"
        }
        guard hierarchy.version == .v2 else { return nil }
        guard let caller = hierarchy.directory(of: hierarchy.current) else {
            return "the caller's cgroup v2 \(hierarchy.current) lies outside the mount at \(hierarchy.mountPoint)"
        }
        if words(caller + "/cgroup.subtree_control").contains(controller) { return nil }
        if !words(caller + "/cgroup.controllers").contains(controller) {
            return "the caller's cgroup v2 \(hierarchy.current) is not given the \(controller) controller"
        }
        if hierarchy.current != "/" && !words(caller + "/cgroup.procs").isEmpty {
            return "the caller's cgroup v2 \(hierarchy.current) holds processes and does not delegate \(controller)"
        }
        return nil
    }

    /// Why containers cannot be paused here, or nil when they can: a cgroup v1 freezer hierarchy, or
    /// cgroup v2 alone (every container then has a v2 cgroup, with cgroup.freeze).
    public static var whyNoFreezer: String? {
        guard let layout else { return "the cgroup layout cannot be read" }
        if layout.hierarchies.contains(where: { $0.version == .v1 && $0.controllers.contains("freezer") }) { return nil }
        if layout.hierarchies.allSatisfy({ $0.version == .v2 }) { return nil }
        return "no freezer: neither a cgroup v1 freezer hierarchy nor cgroup v2 alone"
    }

    /// Why some of `controllers` cannot limit containers here, or nil when all can.
    public static func whyNoLimits(by controllers: [String]) -> String? {
        let reasons = controllers.compactMap(whyNoLimit)
        return reasons.isEmpty ? nil : reasons.joined(separator: "; ")
    }

    /// Every directory named `name` (a container's cgroup, minirun-<id12>) in the mounted hierarchies.
    public static func directories(named name: String) -> [String] {
        var found: Set<String> = []
        for hierarchy in layout?.hierarchies ?? [] {
            search(hierarchy.mountPoint, for: name, into: &found)
        }
        return found.sorted()
    }

    private static func search(_ directory: String, for name: String, into found: inout Set<String>) {
        guard let stream = opendir(directory) else { return }
        defer { closedir(stream) }
        while let entry = readdir(stream) {
            guard entry.pointee.d_type == UInt8(DT_DIR) else { continue }
            let child = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if child == "." || child == ".." { continue }
            if child == name { found.insert(directory + "/" + child) }
            search(directory + "/" + child, for: name, into: &found)
        }
    }

    static func words(_ path: String) -> [String] {
        guard let text = try? FileSystem.readString(path) else { return [] }
        return text.split(whereSeparator: \.isWhitespace).map(String.init)
    }
}
