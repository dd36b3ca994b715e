import Foundation
import TestSupport
import Testing

/// `minirun run` as a user types it: real namespaces, real overlayfs, real processes.
@Suite(.enabled(if: isRoot, "needs root"))
struct RunTests {
    @Test func echoPrintsToStdout() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let result = box.run(["run", "--rm", "busybox", "echo", "hello"])
        #expect(result.code == 0)
        #expect(result.out == "hello\n")
        #expect(result.err == "")
    }

    @Test func exitCodePropagates() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "--rm", "busybox", "sh", "-c", "exit 7"]).code == 7)
        #expect(box.run(["run", "--rm", "busybox", "false"]).code == 1)
    }

    @Test func commandIsPidOneWithItsOwnHostname() throws {
        let box = try Sandbox()
        defer { box.finish() }
        // The trailing `true` keeps sh from exec'ing cat in its place.
        let result = box.run(["run", "--rm", "busybox", "sh", "-c", "echo $$; hostname; cat /proc/1/cmdline; true"])
        let lines = result.out.split(separator: "\n", omittingEmptySubsequences: false)
        try #require(lines.count >= 3, "\(result)")
        #expect(lines[0] == "1")
        #expect(lines[1].count == 12 && lines[1] != Substring(ProcessInfo.processInfo.hostName))
        #expect(lines[2] == "sh\0-c\0echo $$; hostname; cat /proc/1/cmdline; true\0")

        let named = box.run(["run", "--rm", "--hostname", "web01", "busybox", "hostname"])
        #expect(named.out == "web01\n")
    }

    @Test func writesStayInTheirContainer() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "--name", "writer", "busybox", "sh", "-c", "echo secret > /etc/written && echo x > /bin/added"]).code == 0)
        let other = box.run(["run", "--rm", "busybox", "sh", "-c", "ls /etc/written /bin/added 2>&1; echo done"])
        #expect(other.out.contains("No such file"))
        let layers = try FileManager.default.contentsOfDirectory(atPath: box.root + "/images/layers").filter { $0.count == 64 }
        #expect(!layers.isEmpty)
        for layer in layers {
            #expect(!FileManager.default.fileExists(atPath: box.root + "/images/layers/\(layer)/diff/etc/written"))
        }
        // The writer's own layer kept it.
        let restarted = box.run(["run", "--rm", "busybox", "true"])
        #expect(restarted.code == 0)
    }

    @Test func stdinEnvironmentWorkdirAndUser() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "--rm", "-i", "busybox", "cat"], stdin: "piped\n").out == "piped\n")
        #expect(box.run(["run", "--rm", "busybox", "cat"], stdin: "ignored\n").out == "")

        let envFile = box.root + "/env.list"
        try "# comment\nFROM_FILE=1\n\nPASSED\n".write(toFile: envFile, atomically: true, encoding: .utf8)
        let env = box.run(["run", "--rm", "-e", "A=b c", "--env-file", envFile, "busybox", "env"], environment: ["PASSED": "yes"])
        let lines = Set(env.out.split(separator: "\n").map(String.init))
        #expect(lines.isSuperset(of: ["A=b c", "FROM_FILE=1", "PASSED=yes", "HOME=/root"]))
        #expect(lines.contains { $0.hasPrefix("PATH=/usr/local/sbin") })

        #expect(box.run(["run", "--rm", "-w", "/made/for/me", "busybox", "pwd"]).out == "/made/for/me\n")
        #expect(box.run(["run", "--rm", "-u", "65534:65534", "busybox", "id", "-u"]).out == "65534\n")
        #expect(box.run(["run", "--rm", "-u", "nobody", "busybox", "id", "-un"]).out == "nobody\n")
    }

    @Test func ttyGivesAPtyAndKeepsTheExitCode() throws {
        let box = try Sandbox()
        defer { box.finish() }
        // script(1) gives minirun a terminal, as a user's shell would.
        let line = "stty rows 33 cols 101; MINIRUN_ROOT=\(box.root) \(Binaries.minirun) run --rm -it busybox sh -c 'tty; stty size; exit 3'"
        let result = Command.run("/usr/bin/script", ["-qec", line, "/dev/null"], stdin: "")
        #expect(result.code == 3)
        #expect(result.out.contains("/dev/pts/0"))
        #expect(result.out.contains("33 101"))
    }

    @Test func signalsAreForwarded() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let process = try box.start(["run", "--rm", "busybox", "sh", "-c", "trap 'exit 42' TERM; while true; do sleep 0.1; done"])
        #expect(eventually { box.processes.contains { $0.contains("sleep") } || box.containerIDs.count == 1 })
        usleep(300_000)
        process.terminate()  // SIGTERM to minirun
        process.waitUntilExit()
        #expect(process.terminationStatus == 42)
    }

    @Test func onlyARemovedContainersLayerSkipsTheSyncToDisk() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let root = ["busybox", "grep", " / ", "/proc/mounts"]
        #expect(box.run(["run", "--rm"] + root).out.contains("volatile"))  // fsync=volatile on 6.x
        let kept = box.run(["run", "--name", "kept"] + root)
        #expect(kept.code == 0 && !kept.out.contains("volatile"), "\(kept.out)")
        // A --rm container whose minirun was killed leaves a volatile work directory; started again
        // before a command that reconciles removes it (see KilledRunTests), it runs.
        let process = try box.start(["run", "--rm", "--name", "orphan", "busybox", "sleep", "100"])
        #expect(eventually { box.run(["inspect", "-f", "{{.State.Status}}", "orphan"]).out == "running\n" })
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(eventually { box.run(["inspect", "-f", "{{.State.Status}}", "orphan"]).out == "exited\n" })
        #expect(box.run(["start", "orphan"]).code == 0)
        let removed = box.run(["rm", "-f", "orphan", "kept"])
        #expect(removed.code == 0, "\(removed.err)")
    }

    @Test func killedMinirunLeavesNothingTheNextCommandCannotReconcile() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let process = try box.start(["run", "--name", "victim", "busybox", "sleep", "100"])
        #expect(eventually { box.run(["ps", "-q"]).out.count > 0 })
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        // The container dies with its parent; the next command sees it as exited.
        #expect(eventually { box.run(["ps", "-a"]).out.contains("Exited") })
        #expect(box.run(["rm", "victim"]).code == 0)
    }

    @Test func detachedContainerRunsUnderItsMonitor() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let started = box.run(["run", "-d", "--name", "bg", "busybox", "sh", "-c", "echo out; echo err >&2; sleep 0.3; exit 3"])
        #expect(started.code == 0)
        #expect(started.out.count == 65)  // the full ID and a newline
        #expect(eventually { box.run(["ps", "-a"]).out.contains("Exited (3)") })
        let log = try String(contentsOfFile: box.root + "/containers/\(started.out.prefix(64))/container.log", encoding: .utf8)
        #expect(log.contains(" stdout F out\n") && log.contains(" stderr F err\n"))
    }

    /// `run -di`: the monitor holds the container's stdin open, as Docker does, so a shell waits
    /// on it instead of reading the end of /dev/null and exiting; without -i it is /dev/null.
    @Test func detachedInteractiveKeepsStdinOpen() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-di", "--name", "waiting", "--net=none", "busybox", "sh"]).code == 0)
        #expect(box.run(["run", "-d", "--name", "closed", "--net=none", "busybox", "sleep", "300"]).code == 0)
        #expect(box.run(["exec", "waiting", "readlink", "/proc/1/fd/0"]).out.hasPrefix("pipe:["))
        #expect(box.run(["exec", "closed", "readlink", "/proc/1/fd/0"]).out == "/dev/null\n")
        #expect(box.run(["inspect", "-f", "{{.State.Status}} {{.Config.OpenStdin}}", "waiting"]).out == "running true\n")
    }

    @Test func theMonitorHoldsNoneOfWhatWasPassedForTheChild() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-d", "--name", "held", "busybox", "sleep", "300"]).code == 0)
        let pid = box.run(["inspect", "-f", "{{.State.Pid}}", "held"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        let monitor = stat.split(separator: ")").last?.split(separator: " ").dropFirst().first.map(String.init) ?? "?"
        let held = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(monitor)/fd")) ?? []).compactMap {
            try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(monitor)/fd/\($0)")
        }
        #expect(!held.isEmpty, "no fds read for monitor \(monitor)")
        // Its network namespace would outlive the container; the cgroup directories and mounts are the child's.
        #expect(!held.contains { $0.hasPrefix("net:[") || $0.hasPrefix("/sys/fs/cgroup") || $0.hasPrefix("/proc/") }, "\(held)")
        #expect(box.run(["rm", "-f", "held"]).code == 0)
    }

    @Test func rmForceStopsARunningContainer() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-d", "--name", "sleeper", "busybox", "sleep", "1000"]).code == 0)
        let refused = box.run(["rm", "sleeper"])
        #expect(refused.code != 0 && refused.err.contains("running"))
        #expect(box.run(["rm", "-f", "sleeper"]).code == 0)
        #expect(box.containerIDs.isEmpty)
        #expect(eventually { !box.processes.contains { $0.contains("sleep 1000") } })
    }

    @Test func rmRemovesEverythingTheContainerHad() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "--rm", "--name", "short", "busybox", "true"]).code == 0)
        #expect(box.containerIDs.isEmpty && box.names.isEmpty)
        #expect(box.run(["run", "--name", "kept", "busybox", "true"]).code == 0)
        #expect(box.containerIDs.count == 1)
        #expect(box.run(["rm", "kept"]).code == 0)
        #expect(box.containerIDs.isEmpty && box.names.isEmpty)
        // Nor a lock file named after a container ID: a container's record lock is its directory.
        let locks = (try? FileManager.default.contentsOfDirectory(atPath: box.root + "/run/locks")) ?? []
        #expect(locks.allSatisfy { $0.count < 64 }, "\(locks)")
    }

    @Test func twoStateRootsDoNotSeeEachOther() throws {
        let a = try Sandbox(), b = try Sandbox()
        defer { a.finish(); b.finish() }
        #expect(a.run(["run", "-d", "--name", "same", "busybox", "sleep", "100"]).code == 0)
        #expect(b.run(["run", "-d", "--name", "same", "busybox", "sleep", "100"]).code == 0)
        #expect(a.run(["ps", "-q"]).out != b.run(["ps", "-q"]).out)
        #expect(a.run(["rm", "-f", "same"]).code == 0)
        #expect(b.run(["ps", "-q"]).out.count == 13)
    }
}
