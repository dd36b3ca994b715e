import Foundation
import TestSupport
import Testing

/// `attach` to a detached container through its monitor's socket, as Docker's: the output from
/// then on on its streams, -i input passed on, the container's exit code, the detach keys leaving
/// it running, signals proxied, and Docker's refusals; to a container run attached, through its log.
@Suite(.enabled(if: isRoot, "needs root"))
struct AttachTests {
    @Test func inputGoesInAndTheExitCodeComesBack() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-di", "--name", "shell", "--net=none", "busybox", "sh"]).code == 0)
        let attached = box.run(["attach", "shell"], stdin: "echo hi; echo oops >&2; exit 3\n")
        #expect(attached.code == 3 && attached.out == "hi\n" && attached.err == "oops\n", "\(attached)")
        #expect(box.run(["inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "shell"]).out == "exited 3\n")
        let stopped = box.run(["attach", "shell"])
        #expect(stopped.code == 1 && stopped.err == "minirun: You cannot attach to a stopped container, start it first\n", "\(stopped)")
    }

    @Test func theDetachKeysLeaveItRunning() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-di", "--name", "stays", "--net=none", "busybox", "sh"]).code == 0)
        // What comes before the keys is passed on; what comes after them is not.
        let detached = box.run(["attach", "stays"], stdin: "echo before\n\u{10}\u{11}echo after\n")
        #expect(detached.code == 1 && detached.err == "minirun: read escape sequence\n", "as Docker's CLI: \(detached)")
        #expect(box.run(["inspect", "-f", "{{.State.Status}}", "stays"]).out == "running\n")
        #expect(eventually { box.run(["logs", "stays"]).out == "before\n" })
        // Keys of one's own; a key that only starts the sequence is passed on.
        let custom = box.run(["attach", "--detach-keys", "ctrl-a,x", "stays"], stdin: "echo \u{1}y\n\u{1}xexit 4\n")
        #expect(custom.code == 1 && box.run(["inspect", "-f", "{{.State.Status}}", "stays"]).out == "running\n", "\(custom)")
        #expect(eventually { box.run(["logs", "stays"]).out == "before\n\u{1}y\n" })
        let bad = box.run(["attach", "--detach-keys", "ctrl-zz", "stays"])
        #expect(bad.code == 1 && bad.err == "minirun: Invalid detach keys (ctrl-zz) provided\n", "\(bad)")
    }

    @Test func aTerminalIsRelayedAsItIs() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-dit", "--name", "console", "--net=none", "busybox", "sh"]).code == 0)
        let attached = box.run(["attach", "console"], stdin: "echo on-tty\nexit 5\n")
        #expect(attached.code == 5 && attached.out.contains("on-tty\r\non-tty\r\n"), "the pty echoes the line, then the shell prints it: \(attached)")
    }

    /// Attached from a terminal (script(1) makes one, 33 rows by 77 columns), the container's pty
    /// takes its size (it had none, 0 by 0), as Docker's attach resizes it.
    @Test func theContainersTerminalTakesTheAttachingOnesSize() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-dit", "--name", "sized", "--net=none", "busybox", "sh"]).code == 0)
        let attached = Command.run("/usr/bin/script", ["-qec", "stty rows 33 cols 77; \(box.minirun) attach sized", "/dev/null"],
                                   stdin: "stty size\nexit 4\n", environment: ["MINIRUN_ROOT": box.root])
        #expect(attached.code == 4 && attached.out.contains("33 77"), "\(attached)")
    }

    /// `attach ARGS` in the background, its stdout in `output`, once it shows the container's output.
    private func attachInBackground(_ box: Sandbox, _ arguments: [String], output: String) throws -> Process {
        let attach = Process()
        attach.executableURL = URL(fileURLWithPath: box.minirun)
        attach.arguments = ["attach"] + arguments
        attach.environment = ["MINIRUN_ROOT": box.root]
        FileManager.default.createFile(atPath: output, contents: nil)
        attach.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        try attach.run()
        #expect(eventually { ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "").contains("tick") }, "attached")
        return attach
    }

    @Test func signalsGoToTheContainerUnlessNotProxied() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-d", "--name", "trapper", "--net=none", "busybox", "sh", "-c",
                         "trap 'echo got; exit 9' TERM; while :; do echo tick; sleep 0.1; done"]).code == 0)
        let directory = try Sandbox.makeTemporaryDirectory(prefix: "minirun-attach")
        defer { try? FileManager.default.removeItem(atPath: directory) }

        let unproxied = try attachInBackground(box, ["--sig-proxy=false", "trapper"], output: directory + "/unproxied")
        kill(unproxied.processIdentifier, SIGTERM)
        unproxied.waitUntilExit()
        #expect(unproxied.terminationStatus == 128 + SIGTERM, "the signal ends the attach alone")
        #expect(box.run(["inspect", "-f", "{{.State.Status}}", "trapper"]).out == "running\n")

        let proxied = try attachInBackground(box, ["trapper"], output: directory + "/proxied")
        kill(proxied.processIdentifier, SIGTERM)
        proxied.waitUntilExit()
        #expect(proxied.terminationStatus == 9)
        #expect(((try? String(contentsOfFile: directory + "/proxied", encoding: .utf8)) ?? "").hasSuffix("tick\ngot\n"))
        let bad = box.run(["attach", "--sig-proxy=maybe", "trapper"])
        #expect(bad.code == 125 && bad.err.contains("invalid argument \"maybe\" for \"--sig-proxy\" flag"), "\(bad)")
    }

    /// A container run attached (`run` without -d, in another terminal) has no monitor to attach
    /// through: attach follows its output in the log that run keeps, passes signals on and returns
    /// its exit code. With --rm that run keeps no log, and attach is refused.
    @Test func aContainerRunAttachedIsFollowedThroughItsLog() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let foreground = try box.start(["run", "--name", "foreground", "--net=none", "busybox", "sh", "-c",
                                        "trap 'echo got; exit 9' TERM; while :; do echo tick; sleep 0.1; done"])
        #expect(eventually { box.run(["inspect", "-f", "{{.State.Status}}", "foreground"]).out == "running\n" })
        let directory = try Sandbox.makeTemporaryDirectory(prefix: "minirun-attach")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let attached = try attachInBackground(box, ["foreground"], output: directory + "/followed")
        kill(attached.processIdentifier, SIGTERM)
        attached.waitUntilExit()
        foreground.waitUntilExit()
        #expect(attached.terminationStatus == 9 && foreground.terminationStatus == 9, "the TERM went to the container")
        let followed = (try? String(contentsOfFile: directory + "/followed", encoding: .utf8)) ?? ""
        #expect(followed.hasSuffix("tick\ngot\n"), "its output up to its last line: \(followed)")

        let removed = try box.start(["run", "--rm", "--name", "removed", "--net=none", "busybox", "sleep", "300"])
        defer {
            box.run(["kill", "removed"])  // its sleep, PID 1, would ignore a forwarded TERM
            removed.waitUntilExit()
        }
        #expect(eventually { box.run(["inspect", "-f", "{{.State.Status}}", "removed"]).out == "running\n" })
        let refused = box.run(["attach", "removed"])
        #expect(refused.code == 1 && refused.err == "minirun: cannot attach to container removed: it was run attached and keeps no log "
                + "(--rm or --log-driver none)\n", "\(refused)")
        #expect(box.run(["run", "-d", "--name", "frozen", "--net=none", "busybox", "sleep", "300"]).code == 0)
        #expect(box.run(["pause", "frozen"]).code == 0)
        let paused = box.run(["attach", "frozen"])
        #expect(paused.code == 1 && paused.err == "minirun: You cannot attach to a paused container, unpause it first\n", "\(paused)")
        #expect(box.run(["unpause", "frozen"]).code == 0)
    }

    /// `start -ai` (or `-i` alone) runs a container made with -i attached, with this input.
    @Test func startWithInteractiveTakesTheInput() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["create", "-i", "--name", "again", "--net=none", "busybox", "sh"]).code == 0)
        let first = box.run(["start", "-ai", "again"], stdin: "echo from-start; exit 6\n")
        #expect(first.code == 6 && first.out == "from-start\n", "\(first)")
        let second = box.run(["start", "-i", "again"], stdin: "echo once-more\n")
        #expect(second.code == 0 && second.out == "once-more\n", "\(second)")
        let two = box.run(["start", "-i", "again", "other"])
        #expect(two.code != 0 && two.err.contains("you cannot start and attach multiple containers at once"), "\(two)")
    }

    /// `start -a` without -i leaves a -i container's input open with nothing coming, as Docker's:
    /// its `cat` waits (until `timeout` ends it) instead of reading minirun's input or an end.
    @Test func startAttachedWithoutInteractiveKeepsTheInputOut() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["create", "-i", "--name", "held", "--net=none", "busybox", "sh", "-c", "timeout 1 cat; echo rc=$?"]).code == 0)
        let attached = box.run(["start", "-a", "held"], stdin: "leaked\n")
        #expect(attached.code == 0 && attached.out == "rc=143\n", "\(attached)")
    }
}
