import Foundation

/// The cgroups a program the tests start makes for its containers (dockerd's `--cgroup-parent`,
/// podman's): named by the test, so that they are told apart from anything else on the machine,
/// and removed with everything under them when the test ends, in every hierarchy that has them.
public struct ForeignCgroups: Sendable {
    /// Absolute, as dockerd and podman take a cgroup parent: `/minirun-test-<tool>-<random>`.
    public let parent: String

    public init(tool: String) {
        parent = "/minirun-test-\(tool)-" + String(UInt32.random(in: 0..<UInt32.max), radix: 16)
    }

    /// Removes the parent's directory, deepest first, in each hierarchy under /sys/fs/cgroup
    /// (the v2-only layout's root among them). Best effort: a cgroup with a process left is kept.
    public func remove() {
        let root = "/sys/fs/cgroup"
        let hierarchies = [root] + ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).map { root + "/" + $0 }
        for hierarchy in hierarchies {
            removeTree(hierarchy + parent)
        }
    }

    private func removeTree(_ path: String) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { return }
        for child in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] {
            removeTree(path + "/" + child)
        }
        rmdir(path)
    }
}
