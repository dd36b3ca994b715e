import Foundation
import TestSupport
import Testing

/// `build`'s progress as Docker's: numbered steps with their time and CACHED; every line of a
/// step's output with --progress plain (and off a terminal); on a terminal (a pty from script(1))
/// each step's output folded to its last lines, redrawn in place, and a failed step's output whole.
@Suite(.enabled(if: isRoot, "needs root"), .serialized)
struct BuildProgressTests {
    /// The live lines are drawn at most ten times a second, when output comes: the last line comes later.
    static let dockerfile = "FROM busybox\nRUN for i in $(seq 1 20); do echo line $i; done; sleep 0.5; echo last\nRUN echo second\n"

    /// The build run by script(1) on a pseudo-terminal of its own; what the terminal got, with the
    /// pty's CR LF made LF.
    static func onATerminal(_ box: Sandbox, _ arguments: [String]) -> CommandResult {
        let command = ([box.minirun] + arguments).map { "'" + $0 + "'" }.joined(separator: " ")
        let result = Command.run("/usr/bin/script", ["-q", "-e", "-c", command, "/dev/null"], environment: ["MINIRUN_ROOT": box.root])
        return CommandResult(code: result.code, out: result.out.replacingOccurrences(of: "\r\n", with: "\n"), err: result.err)
    }

    @Test func plainShowsEveryLineOfEveryStepAndNoTerminalCodes() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let context = try BuildTests.context(box, ["Dockerfile": Self.dockerfile])
        let built = box.run(["build", "--progress", "plain", "--network", "none", context])
        #expect(built.code == 0, "\(built.err)")
        let lines = built.err.split(separator: "\n").map(String.init)
        #expect(lines.first == "[1/3] FROM busybox", "\(built.err)")
        #expect(lines.contains("[2/3] RUN for i in $(seq 1 20); do echo line $i; done; sleep 0.5; echo last"))
        #expect((1...20).allSatisfy { lines.contains("line \($0)") }, "\(built.err)")
        #expect(lines.contains { $0.range(of: #"^ DONE [0-9]+\.[0-9]s$"#, options: .regularExpression) != nil })
        #expect(!built.err.contains("\u{1B}"), "no terminal codes")
    }

    @Test func onATerminalEachStepIsFoldedToItsLastLines() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let context = try BuildTests.context(box, ["Dockerfile": Self.dockerfile])
        let built = Self.onATerminal(box, ["build", "--network", "none", "-t", "folded", context])
        #expect(built.code == 0, "\(built.out)")
        let screen = built.out
        // The live lines of the running step are drawn under it and taken off again (cursor up, erase).
        #expect(screen.contains(" => => # line 20\n => => # last\n"), "\(screen)")
        #expect(screen.contains("\u{1B}[J"), "\(screen)")
        #expect(!screen.split(separator: "\n").contains("line 1"), "a step's output is not printed whole: \(screen)")
        // What stays: a line per step (cut at the terminal's width) with its time at the right.
        #expect(screen.range(of: #" => \[2/3\] RUN for i in [^\n]* [0-9]+\.[0-9]s\n => \[3/3\]"#, options: .regularExpression) != nil, "\(screen)")
        #expect(screen.contains(" => naming to docker.io/library/folded:latest"), "\(screen)")

        let again = Self.onATerminal(box, ["build", "--network", "none", "-t", "folded", context])
        #expect(again.out.range(of: #" => CACHED \[2/3\] RUN for i in [^\n]* [0-9]+\.[0-9]s\n"#, options: .regularExpression) != nil, "\(again.out)")

        // A failing step's output is printed whole under it, then the error.
        let failing = try BuildTests.context(box, ["Dockerfile": "FROM busybox\nRUN for i in $(seq 1 9); do echo out $i; done; exit 4\n"])
        let failed = Self.onATerminal(box, ["build", "--network", "none", failing])
        #expect(failed.code == 1)
        let shown = (1...9).map { "out \($0)\n" }.joined()
        #expect(failed.out.contains("------\n > [2/2] RUN for i in $(seq 1 9); do echo out $i; done; exit 4:\n" + shown + "------\n"), "\(failed.out)")
        #expect(failed.out.contains("minirun: Dockerfile:2: RUN"), "\(failed.out)")
        #expect(box.run(["ps", "-a", "-q"]).out.isEmpty)
    }

    @Test func quietPrintsOnlyTheIDEvenOnATerminal() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let context = try BuildTests.context(box, ["Dockerfile": Self.dockerfile])
        let built = Self.onATerminal(box, ["build", "-q", "--network", "none", context])
        #expect(built.code == 0)
        #expect(built.out.range(of: #"^sha256:[0-9a-f]{64}\n$"#, options: .regularExpression) != nil, "\(built.out)")
    }

    /// Without --target the last stage is the target: a stage nothing uses is not built, and the
    /// progress numbers only the stages that are.
    @Test func aStageTheLastOneDoesNotNeedIsSkipped() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let context = try BuildTests.context(box, ["Dockerfile": """
            FROM busybox AS unused
            RUN exit 9
            FROM busybox AS used
            RUN echo used > /used
            FROM busybox
            COPY --from=used /used /used
            """])
        let built = box.run(["build", "--progress", "plain", "--network", "none", "-t", "skipping", context])
        #expect(built.code == 0, "\(built.err)")
        #expect(!built.err.contains("unused") && !built.err.contains("exit 9"), "\(built.err)")
        #expect(built.err.contains("[used 2/2] RUN echo used > /used\n") && built.err.contains("[stage-2 2/2] COPY --from=used /used /used\n"), "\(built.err)")
        #expect(box.run(["run", "--rm", "--net=none", "skipping", "cat", "/used"]).out == "used\n")
    }
}
