import Testing
@testable import Netns

@Suite struct ExternalCommandTests {
    @Test func theProgramSeesOnlyStdioAndLargeInputDoesNotBlock() throws {
        // Every fd but 0, 1 and 2 is closed in the program; 200 KiB of input is more than a pipe holds.
        let listing = try ExternalCommand(path: "/bin/sh", arguments: ["-c", "ls /proc/self/fd; wc -c"])
            .run(input: String(repeating: "x", count: 200_000))
        #expect(listing.exitCode == 0)
        #expect(listing.standardOutput.split(separator: "\n").map(String.init) == ["0", "1", "2", "3", "200000"])
        #expect(listing.standardError == "")
    }

    @Test func reportsExitCodesAndStderr() throws {
        let outcome = try ExternalCommand(path: "/bin/sh", arguments: ["-c", "echo out; echo err >&2; exit 4"])
            .run(input: "")
        #expect(outcome == ExternalCommand.Outcome(exitCode: 4, standardOutput: "out\n", standardError: "err\n"))
    }
}
