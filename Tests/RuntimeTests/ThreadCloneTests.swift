import Foundation
import Testing
import TestSupport

/// mr_spawn clones the container's child under mr_threads_hold, and the child's setresuid would wait
/// forever for a thread glibc still marks "being created": thread-clone-probe (Tests/ThreadCloneProbe)
/// makes such a thread certain and clones right after it was started.
@Suite("Threads and clones") struct ThreadCloneTests {
    static let probe = BuiltProgram.path("thread-clone-probe")

    @Test(.enabled(if: getuid() == 0, "SCHED_FIFO needs root"))
    func aChildClonedRightAfterAThreadStartedCanSetItsIDs() throws {
        let result = Command.run(Self.probe, [])
        if result.code == 2 { try Test.cancel("the machine refused the probe's set-up: \(result.err)") }
        #expect(result.code == 0, "\(result.err)")
    }
}
