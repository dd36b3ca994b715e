import Foundation
import TestSupport
import Testing

/// `run -a`: only the streams named reach the terminal, the log keeps them all, and inspect shows
/// Docker's Config.AttachStdin, AttachStdout, AttachStderr and StdinOnce.
@Suite(.enabled(if: isRoot, "needs root"))
struct AttachStreamsTests {
    static let bothStreams = ["sh", "-c", "echo to-stdout; echo to-stderr >&2"]

    @Test func onlyTheAttachedStreamsAreShownAndTheLogKeepsBoth() throws {
        let box = try Sandbox()
        defer { box.finish() }
        // Relayed through the log (a container that stays), and written by the container itself (--rm keeps no log).
        for removal in [["--name", "kept"], ["--rm"]] {
            let out = box.run(["run", "-a", "stdout"] + removal + ["busybox"] + Self.bothStreams)
            #expect(out.code == 0 && out.out == "to-stdout\n" && !out.err.contains("to-stderr"), "\(removal): \(out.out) / \(out.err)")
            let err = box.run(["run", "--attach", "STDERR"] + removal.map { $0 == "kept" ? "kept-err" : $0 } + ["busybox"] + Self.bothStreams)
            #expect(err.code == 0 && err.out.isEmpty && err.err.contains("to-stderr\n"), "\(removal): \(err.out) / \(err.err)")
        }
        let logs = box.run(["logs", "kept"])
        #expect(logs.out == "to-stdout\n" && logs.err == "to-stderr\n", "\(logs.out) / \(logs.err)")
        let both = box.run(["run", "--rm", "-a", "stdout", "-a", "stderr", "busybox"] + Self.bothStreams)
        #expect(both.out == "to-stdout\n" && both.err.contains("to-stderr\n"))
    }

    @Test func inspectShowsTheAttachedStreams() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-d", "-i", "--name", "detached", "busybox", "true"]).code == 0)
        #expect(box.run(["create", "-i", "--name", "interactive", "busybox", "true"]).code == 0)
        #expect(box.run(["create", "-a", "stdout", "--name", "outonly", "busybox", "true"]).code == 0)
        #expect(box.run(["create", "--name", "plain", "busybox", "true"]).code == 0)
        let template = "{{.Config.AttachStdin}} {{.Config.AttachStdout}} {{.Config.AttachStderr}} {{.Config.OpenStdin}} {{.Config.StdinOnce}}"
        let expected = [
            "detached": "false false false true false", "interactive": "true true true true true",
            "outonly": "false true false false false", "plain": "false true true false false",
        ]
        for (name, fields) in expected {
            #expect(box.run(["inspect", "-f", template, name]).out == fields + "\n", "\(name)")
        }
    }

    @Test func badStreamsAndDetachingAreRefusedBeforeAnythingIsMade() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let detached = box.run(["run", "-d", "-a", "stdout", "busybox", "true"])
        #expect(detached.code == 1 && detached.err == "minirun: Conflicting options: -a and -d\n", "\(detached.err)")
        let bad = box.run(["run", "-a", "stdlog", "busybox", "true"])
        #expect(bad.code == 125 && bad.err.contains("invalid argument \"stdlog\" for \"-a, --attach\" flag: valid streams are STDIN, STDOUT and STDERR"), "\(bad.err)")
        #expect(box.run(["ps", "-a", "-q"]).out.isEmpty && box.containerIDs.isEmpty)
    }
}
