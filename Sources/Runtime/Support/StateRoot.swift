/// Where minirun keeps its state. Everything lives under one root so that tests and parallel CI jobs
/// can each use their own: `--root DIR` or `MINIRUN_ROOT=DIR` puts persistent state in DIR and
/// runtime state in DIR/run; the defaults are /var/lib/minirun and /run/minirun.
public struct StateRoot: Sendable, Equatable {
    /// Images, containers, networks, logs.
    public let data: String
    /// Locks and other runtime files that a reboot may forget.
    public let run: String

    public static let defaultData = "/var/lib/minirun"
    public static let defaultRun = "/run/minirun"

    public init(data: String, run: String) {
        self.data = data
        self.run = run
    }

    /// `root` wins over the environment's MINIRUN_ROOT (`environment` looks a name up); neither gives
    /// the defaults.
    public static func resolve(root: String?, environment: (String) -> String?) -> StateRoot {
        if let dir = root ?? environment("MINIRUN_ROOT"), !dir.isEmpty {
            let trimmed = dir.count > 1 && dir.hasSuffix("/") ? String(dir.dropLast()) : dir
            return StateRoot(data: trimmed, run: trimmed + "/run")
        }
        return StateRoot(data: defaultData, run: defaultRun)
    }

    public var isDefault: Bool { data == Self.defaultData }

    public var images: String { data + "/images" }
    public var containers: String { data + "/containers" }
    public var names: String { data + "/names" }
    public var networks: String { data + "/networks" }
    /// The mount point of every container's root filesystem: each container mounts its overlay
    /// there in a mount namespace of its own, so none sees another's, and no directory has to be
    /// made and removed per container.
    public var rootfsMountPoint: String { data + "/rootfs" }
    public var locks: String { run + "/locks" }
    /// Compiled seccomp filters, named after what they were compiled from (see SeccompFilters).
    public var seccomp: String { run + "/seccomp" }

    public func container(_ id: String) -> String { containers + "/" + id }
}
