import Foundation
import Runtime
import TestSupport

/// A cgroup of the test's own to pass as `--cgroup-parent`, so that nothing else counts among its
/// children: a directory beneath the test process's cgroup in every hierarchy minirun may use (the
/// v1 ones with a controller it uses, and the v2 one), wherever this machine mounts them.
struct TestCgroupParent {
    static let usedControllers = ["pids", "memory", "cpuacct", "cpu", "devices"]

    let name = "minirun-test-" + String(UInt32.random(in: 0..<UInt32.max), radix: 16)
    /// Its directory in each hierarchy, with that hierarchy.
    let directories: [(hierarchy: CgroupHierarchy, path: String)]

    init() throws {
        let layout = try CgroupLayout.discover()
        var made: [(CgroupHierarchy, String)] = []
        for hierarchy in layout.hierarchies
        where hierarchy.version == .v2 || hierarchy.controllers.contains(where: Self.usedControllers.contains) {
            guard let caller = hierarchy.directory(of: hierarchy.current) else { continue }
            made.append((hierarchy, caller + "/" + name))
        }
        directories = made
        for (_, path) in made { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false) }
    }

    /// Its directory in the v1 hierarchy that has `controller`, if there is one.
    func v1Directory(for controller: String) -> String? {
        directories.first { $0.hierarchy.version == .v1 && $0.hierarchy.controllers.contains(controller) }?.path
    }

    /// The containers' cgroups made beneath it and still there, in any hierarchy.
    var containerCgroups: [String] {
        directories.flatMap { _, path in
            ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { $0.hasPrefix("minirun-") }.map { path + "/" + $0 }
        }
    }

    /// Removes its directories, which must be empty by then.
    func remove() {
        for (_, path) in directories { rmdir(path) }
    }
}
