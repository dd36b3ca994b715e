import Netns

/// What a container is doing, as minirun last recorded it. `ContainerStore` checks the recorded
/// processes against the kernel, so a dead monitor or a reboot never leaves a ghost "running".
public struct ContainerState: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable {
        case created, running, exited
    }

    public var status: Status = .created
    /// The container's first process, and its start time (to tell a reused pid apart).
    public var process: ProcessIdentity?
    /// The minirun-monitor of a detached container.
    public var monitor: ProcessIdentity?
    public var exitCode: Int32 = 0
    /// The kernel's OOM killer ended the container (its cgroup says so).
    public var oomKilled = false
    public var startedAt: Timestamp = .zero
    /// Never started yet: what Docker does when it makes a container (fill its empty volumes), minirun
    /// does at this first start.
    public var neverStarted: Bool { startedAt == .zero }
    public var finishedAt: Timestamp = .zero
    /// Times the restart policy started the container again since a user last started it.
    public var restartCount = 0
    /// Set by stop, kill and rm: the exit that follows is not one a restart policy answers.
    public var stoppedByUser = false
    /// The container's interfaces while it runs, by network name (recorded before they are made).
    public var interfaces: [String: ContainerInterface] = [:]
    /// The container's cgroup while it runs (recorded before it is made).
    public var cgroup: ContainerCgroup?
    /// The published ports while it runs, with the host ports actually taken.
    public var ports: [PublishedPort] = []
    /// `pause`: its processes are frozen (in its cgroup) until `unpause`.
    @EmptyIfMissing public var paused = false

    public init() {}

    /// As Docker names it (ps's STATE, inspect's State.Status): "paused" for a paused running one.
    public var shownStatus: String {
        status == .running && paused ? "paused" : status.rawValue
    }
}
