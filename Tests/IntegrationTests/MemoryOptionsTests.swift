import Foundation
import Runtime
import TestSupport
import Testing

/// `--memory-swappiness` and `--oom-kill-disable`: written to the container's v1 memory cgroup;
/// where the memory controller is not on v1 (a v2 memory cgroup has neither file) they are
/// discarded with Docker's warnings, and the container still runs.
@Suite(.enabled(if: isRoot, "needs root"))
struct MemoryOptionsTests {
    @Test func swappinessAndTheOOMKillersSwitchReachTheMemoryCgroup() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let made = box.run(["run", "-d", "--name", "tuned", "--memory-swappiness", "7", "--oom-kill-disable", "busybox", "sleep", "300"])
        #expect(made.code == 0, "\(made.err)")
        let fields = box.run(["inspect", "-f", "{{json .HostConfig.MemorySwappiness}} {{.HostConfig.OomKillDisable}}", "tuned"]).out
        let id = box.run(["inspect", "-f", "{{.Id}}", "tuned"]).out.prefix(12)
        let memory = MachineCgroups.directories(named: "minirun-\(id)").first { FileManager.default.fileExists(atPath: $0 + "/memory.swappiness") }
        if MachineCgroups.layout?.hierarchy(for: "memory")?.version == .v1 {
            let directory = try #require(memory, "the container's v1 memory cgroup")
            #expect(try String(contentsOfFile: directory + "/memory.swappiness", encoding: .utf8) == "7\n")
            #expect(try String(contentsOfFile: directory + "/memory.oom_control", encoding: .utf8).contains("oom_kill_disable 1\n"))
            #expect(fields == "7 true\n", "\(fields)")
            #expect(!made.err.contains("discarded"), "\(made.err)")
        } else {
            print("MemoryOptionsTests: the memory controller is not on cgroup v1 here: both options are discarded")
            #expect(made.err.contains("Memory swappiness discarded.") && made.err.contains("OomKillDisable discarded."), "\(made.err)")
            #expect(fields == "null false\n", "\(fields)")
        }
        // The default: the host's swappiness, the OOM killer on.
        #expect(box.run(["run", "-d", "--name", "plain", "busybox", "sleep", "300"]).code == 0)
        #expect(box.run(["inspect", "-f", "{{json .HostConfig.MemorySwappiness}} {{.HostConfig.OomKillDisable}}", "plain"]).out == "null false\n")
    }

    @Test func badValuesAreRefusedAndAWarningSaysWhatIsRisky() throws {
        let box = try Sandbox()
        defer { box.finish() }
        for (value, message) in [("101", "Invalid value: 101, valid memory swappiness range is 0-100"),
                                 ("-2", "Invalid value: -2, valid memory swappiness range is 0-100"),
                                 ("some", "invalid argument \"some\" for \"--memory-swappiness\" flag")] {
            let refused = box.run(["run", "--rm", "--memory-swappiness", value, "busybox", "true"])
            #expect(refused.code == 125 && refused.err.contains(message), "\(value): \(refused.err)")
        }
        #expect(box.run(["ps", "-a", "-q"]).out.isEmpty)
        let unlimited = box.run(["run", "--rm", "--oom-kill-disable", "busybox", "true"])
        #expect(unlimited.code == 0 && unlimited.err.contains("WARNING: Disabling the OOM killer on containers without setting a '-m/--memory' limit may be dangerous."),
                "\(unlimited.err)")
        let alsoBad = box.run(["run", "--rm", "--oom-kill-disable", "--stop-timeout", "soon", "busybox", "true"])
        #expect(alsoBad.code == 125 && alsoBad.err.split(separator: "\n").count == 1, "bad input gets its one line: \(alsoBad.err)")
        let swappinessOff = box.run(["run", "--rm", "--memory-swappiness", "-1", "busybox", "true"])
        #expect(swappinessOff.code == 0 && swappinessOff.err.isEmpty, "-1 is the host's: \(swappinessOff.err)")
    }
}
