import Glibc

/// Freezing a container's processes (`pause`) and thawing them, with cgroup v2's cgroup.freeze or
/// cgroup v1's freezer.state: the kernel stops every task of the cgroup where it stands, and a
/// frozen task runs on only once thawed.
extension CgroupDirectory {
    /// Freezes or thaws the cgroup and waits (up to 10 seconds) until the kernel says it is done:
    /// "frozen 1" or "frozen 0" in cgroup.events, FROZEN or THAWED (not FREEZING) in freezer.state.
    func setFrozen(_ frozen: Bool) throws {
        let v2 = version == .v2
        try CgroupFile.set(v2 ? (frozen ? "1" : "0") : (frozen ? "FROZEN" : "THAWED"), at: file(v2 ? "cgroup.freeze" : "freezer.state"))
        let reached = v2 ? (frozen ? "frozen 1" : "frozen 0") : (frozen ? "FROZEN" : "THAWED")
        for _ in 0..<1000 {
            let lines = (CgroupFile.read(file(v2 ? "cgroup.events" : "freezer.state")) ?? "").split(separator: "\n")
            if lines.contains(Substring(reached)) { return }
            usleep(10_000)
        }
        throw RuntimeError(.system, "cgroups: \(path) did not become \(frozen ? "frozen" : "thawed") within 10 seconds")
    }
}
