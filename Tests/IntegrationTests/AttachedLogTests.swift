import Foundation
import TestSupport
import Testing

/// An attached container's output (`run` without -d, `start -a`) is kept in its log as a detached
/// one's is, as Docker keeps it: relayed to minirun's stdout and stderr on their streams and
/// recorded, none of it lost when the container ends.
@Suite(.enabled(if: isRoot, "needs root"))
struct AttachedLogTests {
    @Test func anAttachedRunIsLogged() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let run = box.run(["run", "--name", "attached", "--net=none", "busybox", "sh", "-c", "echo out; echo err >&2; printf partial; exit 3"])
        #expect(run.code == 3 && run.out == "out\npartial" && run.err == "err\n", "\(run)")
        let logs = box.run(["logs", "attached"])
        #expect(logs.code == 0 && logs.out == "out\npartial" && logs.err == "err\n", "\(logs)")

        // start -a adds to the same log.
        let again = box.run(["start", "-a", "attached"])
        #expect(again.code == 3 && again.out == "out\npartial", "\(again)")
        #expect(box.run(["logs", "attached"]).out == "out\npartialout\npartial")
    }

    @Test func everyLineReachesTheTerminalAndTheLog() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let expected = (1...20000).map { "\($0)\n" }.joined()
        let run = box.run(["run", "--name", "many", "--net=none", "busybox", "seq", "1", "20000"])
        #expect(run.code == 0 && run.out == expected, "\(run.out.suffix(100))")
        #expect(box.run(["logs", "many"]).out == expected)
    }

    @Test func aTerminalIsLoggedAsStdoutAsItWasWritten() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let run = box.run(["run", "-t", "--name", "tty", "--net=none", "busybox", "sh", "-c", "echo on-tty; echo also >&2"])
        #expect(run.code == 0 && run.out == "on-tty\r\nalso\r\n" && run.err.isEmpty, "\(run)")
        let logs = box.run(["logs", "tty"])
        #expect(logs.out == "on-tty\r\nalso\r\n" && logs.err.isEmpty, "what the pty wrote, as Docker keeps it: \(logs)")
        // The monitor's log of a detached container keeps a '\r' as well.
        #expect(box.run(["run", "-d", "--name", "crlf", "--net=none", "busybox", "printf", "a\\r\\nb\\n"]).code == 0)
        #expect(box.run(["wait", "crlf"]).out == "0\n")
        #expect(box.run(["logs", "crlf"]).out == "a\r\nb\n")
    }

    /// `wait` from another command gets an attached run's exit code, which its minirun records a
    /// moment after the process is gone (until then the record's code reads 255). Three runs: the
    /// moment was missed more often than not.
    @Test func waitGetsTheExitCodeOfAnAttachedRun() throws {
        let box = try Sandbox()
        defer { box.finish() }
        for round in 1...3 {
            let name = "waited\(round)"
            let running = try box.start(["run", "--name", name, "--net=none", "busybox", "sh", "-c", "sleep 0.5; exit 7"])
            #expect(eventually { box.run(["inspect", "-f", "{{.State.Status}}", name]).out == "running\n" })
            let waited = box.run(["wait", name])
            running.waitUntilExit()
            #expect(waited.code == 0 && waited.out == "7\n", "\(waited)")
        }
    }

    /// `wait` on a `--rm` container returns its exit code, as Docker's, though the container is
    /// gone by then - detached, or run attached by another command - and leaves no file behind.
    @Test func waitGetsTheExitCodeOfARemovedContainer() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-d", "--rm", "--name", "brief", "--net=none", "busybox", "sh", "-c", "sleep 0.5; exit 3"]).code == 0)
        let detached = box.run(["wait", "brief"])
        #expect(detached.code == 0 && detached.out == "3\n", "\(detached)")
        #expect(box.run(["inspect", "brief"]).code != 0, "removed")
        let running = try box.start(["run", "--rm", "--name", "fleeting", "--net=none", "busybox", "sh", "-c", "sleep 0.5; exit 4"])
        #expect(eventually { box.run(["inspect", "-f", "{{.State.Status}}", "fleeting"]).out == "running\n" })
        let attached = box.run(["wait", "fleeting"])
        running.waitUntilExit()
        #expect(attached.code == 0 && attached.out == "4\n", "\(attached)")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: box.root + "/run/exits")) ?? []).isEmpty)
        let gone = box.run(["wait", "brief"])
        #expect(gone.code != 0 && gone.err.contains("No such container: brief"), "\(gone)")
    }

    @Test func noneAndRemovedKeepNothing() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let run = box.run(["run", "--name", "unlogged", "--net=none", "--log-driver", "none", "busybox", "echo", "shown"])
        #expect(run.code == 0 && run.out == "shown\n")
        #expect(box.run(["logs", "unlogged"]).err == "minirun: configured logging driver does not support reading\n")
        let id = box.run(["inspect", "-f", "{{.Id}}", "unlogged"]).out.trimmingCharacters(in: .newlines)
        #expect(!FileManager.default.fileExists(atPath: box.root + "/containers/" + id + "/container.log"))
        #expect(box.run(["run", "--rm", "--net=none", "busybox", "echo", "gone"]).out == "gone\n")
    }

    /// A reader that goes away stops the container's writes as a pipe of its own would: SIGPIPE
    /// (which a PID 1 ignores, as in any container: the writer here is PID 1's child).
    @Test func aClosedStdoutEndsTheWriter() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let result = Command.shell("\(box.minirun) run --name writer --net=none busybox sh -c 'yes y; exit $?' | head -n 1",
                                   environment: ["MINIRUN_ROOT": box.root])
        #expect(result.out == "y\n")
        #expect(box.run(["inspect", "-f", "{{.State.ExitCode}}", "writer"]).out == "141\n", "yes ends by SIGPIPE")
        #expect(box.run(["logs", "--tail", "1", "writer"]).out == "y\n")
    }

    /// `logs | head`: once its reader has gone, `logs` ends by SIGPIPE, as Docker's CLI, without an error line.
    @Test func logsEndsQuietlyWhenItsReaderGoes() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "--name", "long", "--net=none", "busybox", "seq", "1", "100000"]).code == 0)
        let result = Command.shell("{ \(box.minirun) logs long; echo \"status $?\" >&2; } | head -n 1", environment: ["MINIRUN_ROOT": box.root])
        #expect(result.out == "1\n" && result.err == "status 141\n", "\(result)")
    }
}
