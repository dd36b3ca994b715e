import Glibc

/// The end of a run that no monitor watches (`run` without -d, `start -a`), as another command
/// sees it (`wait`, `attach`). The minirun running the container reaps it, relays the last of its
/// output into the log, and then records the end: that record is the end. A container gone with
/// nothing recorded for five seconds had that minirun killed with it (it dies with its minirun), and
/// reconcile records its end instead. (That minirun relays output until a second passes quietly
/// after the process ends, mr_supervise: five seconds leave it time even on a loaded machine.)
struct AttachedRunEnd {
    let containers: ContainerStore
    let record: ContainerRecord
    private var goneSince: Timestamp?

    init(_ record: ContainerRecord, in containers: ContainerStore) {
        self.containers = containers
        self.record = record
    }

    mutating func hasEnded() -> Bool {
        guard let stored = try? containers.load(record.id), stored.state.status == .running,
              stored.state.process == record.state.process else { return true }  // recorded, or removed (--rm)
        guard record.state.process?.isAlive != true else { return false }
        let since = goneSince ?? .now()
        goneSince = since
        return since.interval(to: .now()) > 5
    }

    /// Returns once the run has ended.
    mutating func wait() {
        while !hasEnded() { usleep(10_000) }
    }
}
