import Foundation
import Runtime
import TestSupport
import Testing

/// `Engine.run` is `run` for every front end (the CLI, compose, build): called from Swift, it starts
/// a container and leaves none behind that never got to run its command. Detached only: an attached
/// run waits for SIGCHLD on a signalfd, which the test runner's other threads would take.
@Suite(.enabled(if: isRoot, "needs root"))
struct EngineRunTests {
    static func engine(_ box: Sandbox) -> Engine {
        let directory = Binaries.directory
        return Engine(root: StateRoot.resolve(root: box.root, environment: { _ in nil }),
                      executables: Executables(minirun: directory + "/minirun", monitor: directory + "/minirun-monitor",
                                               unpack: directory + "/minirun-unpack"))
    }

    @Test func runDetachedStartsTheContainer() throws {
        let box = try Sandbox()
        defer { box.finish() }
        var options = CreateOptions(image: "busybox", command: ["sleep", "300"])
        options.network = .none
        let outcome = try Self.engine(box).run(options, detach: true)
        guard case .detached(let id) = outcome else {
            Issue.record("not detached: \(outcome)")
            return
        }
        #expect(box.run(["inspect", "-f", "{{.State.Status}}", id]).out == "running\n")
    }

    @Test func aContainerWhoseCommandNeverRanIsRemoved() throws {
        let box = try Sandbox()
        defer { box.finish() }
        var options = CreateOptions(image: "busybox", command: ["/no/such/command"])
        options.network = .none
        #expect(throws: RuntimeError.self) { try Self.engine(box).run(options, detach: true) }
        #expect(box.containerIDs.isEmpty, "left: \(box.containerIDs)")
    }
}
