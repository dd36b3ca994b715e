import Foundation
import TestSupport
import Testing

/// `pause` and `unpause` as Docker's: the processes stop where they stand (a counter the container
/// writes stays put) and go on once thawed; ps, inspect and the status filter say paused; exec is
/// refused meanwhile; stop, kill and rm -f end a paused container. Run on cgroup v1 (a freezer
/// directory made at the first pause) and by scripts/test-cgroup2-only on v2 (cgroup.freeze).
@Suite(.enabled(if: isRoot, "needs root"))
struct PauseTests {
    static let counter = "i=0; while true; do i=$((i+1)); echo $i > /tmp/count; usleep 50000; done"

    func count(_ box: Sandbox, _ name: String) -> String {
        Command.shell("MINIRUN_ROOT=\(box.root) \(box.minirun) cp \(name):/tmp/count - | tar xOf -").out
    }

    @Test(.disabled(if: MachineCgroups.whyNoFreezer != nil, Comment(rawValue: MachineCgroups.whyNoFreezer ?? "")))
    func pausedProcessesStandStillUntilUnpaused() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-d", "--name", "ticker", "--net=none", "busybox", "sh", "-c", Self.counter]).code == 0)
        #expect(eventually { Int(count(box, "ticker").filter(\.isNumber)) ?? 0 > 2 })

        let paused = box.run(["pause", "ticker"])
        #expect(paused.code == 0 && paused.out == "ticker\n", "\(paused.err)")
        let frozen = count(box, "ticker")
        usleep(400_000)
        #expect(count(box, "ticker") == frozen, "nothing ran while paused")
        #expect(box.run(["ps", "--format", "{{.State}} {{.Status}}"]).out.hasPrefix("paused Up "))
        #expect(box.run(["ps", "--format", "{{.Status}}"]).out.hasSuffix(" (Paused)\n"))
        #expect(box.run(["ps", "-q", "--filter", "status=paused"]).out.count == 13)
        #expect(box.run(["inspect", "-f", "{{.State.Status}} {{.State.Paused}} {{.State.Running}}", "ticker"]).out == "paused true true\n")
        let exec = box.run(["exec", "ticker", "true"])
        #expect(exec.code != 0 && exec.err.contains("is paused, unpause the container before exec"), "\(exec.err)")
        let again = box.run(["pause", "ticker"])
        #expect(again.code == 1 && again.err.contains("is already paused"))

        #expect(box.run(["container", "unpause", "ticker"]).out == "ticker\n")
        #expect(eventually { count(box, "ticker") != frozen }, "it runs on")
        #expect(box.run(["inspect", "-f", "{{.State.Status}} {{.State.Paused}}", "ticker"]).out == "running false\n")
        let notPaused = box.run(["unpause", "ticker"])
        #expect(notPaused.code == 1 && notPaused.err.contains("is not paused"))
        #expect(box.run(["rm", "-f", "ticker"]).code == 0)
    }

    @Test(.disabled(if: MachineCgroups.whyNoFreezer != nil, Comment(rawValue: MachineCgroups.whyNoFreezer ?? "")))
    func stopKillAndRemoveEndAPausedContainer() throws {
        let box = try Sandbox()
        defer { box.finish() }
        for name in ["stopped", "killed", "removed"] {
            #expect(box.run(["run", "-d", "--name", name, "--net=none", "busybox", "sleep", "300"]).code == 0)
            #expect(box.run(["pause", name]).code == 0)
        }
        let stopped = box.run(["stop", "-t", "1", "stopped"])
        #expect(stopped.code == 0, "\(stopped.err)")
        #expect(box.run(["inspect", "-f", "{{.State.Status}} {{.State.Paused}} {{.State.ExitCode}}", "stopped"]).out == "exited false 137\n")
        #expect(box.run(["kill", "killed"]).code == 0)
        #expect(eventually { box.run(["inspect", "-f", "{{.State.Status}}", "killed"]).out == "exited\n" })
        #expect(box.run(["rm", "-f", "removed"]).code == 0)
        #expect(box.run(["start", "stopped"]).code == 0)
        #expect(box.run(["inspect", "-f", "{{.State.Status}} {{.State.Paused}}", "stopped"]).out == "running false\n", "a new start is not paused")
        #expect(box.run(["rm", "-f", "stopped", "killed"]).code == 0)
    }

    @Test func onlyARunningContainerWithACgroupPauses() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["create", "--name", "idle", "busybox", "true"]).code == 0)
        let idle = box.run(["pause", "idle"])
        #expect(idle.code == 1 && idle.err.contains("is not running"), "\(idle.err)")
        #expect(box.run(["run", "-d", "--name", "free", "--cgroups=disabled", "--net=none", "busybox", "sleep", "300"]).code == 0)
        let free = box.run(["pause", "free"])
        #expect(free.code == 1 && free.err.contains("no cgroup to freeze it in"), "\(free.err)")
        #expect(box.run(["pause", "ghost"]).code == 1)
        #expect(box.run(["rm", "-f", "free"]).code == 0)
    }
}
