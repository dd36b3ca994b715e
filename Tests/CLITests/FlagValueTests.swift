import ArgumentParser
@testable import minirun
import Testing

/// A boolean flag with a value, as Docker's pflag takes it: `--rm=true`, `-d=false`, `ps -a=1`.
struct FlagValueTests {
    @Test func aFlagTakesGosBooleanValues() throws {
        let run = try #require(try FlagValues.parse(["run", "--rm=true", "-d=false", "-i=1", "busybox", "sh", "--x=false"]) as? Run)
        #expect(run.container.values.autoRemove && !run.detach && run.container.values.interactive)
        #expect(run.target.image == "busybox" && run.target.command == ["sh", "--x=false"], "the command's own arguments stay")
        #expect(try (FlagValues.parse(["ps", "-a=F"]) as? Ps)?.all == false)
        #expect(try (FlagValues.parse(["ps", "--all=True"]) as? Ps)?.all == true)
    }

    @Test func aValueThatIsNoBooleanIsStillRefused() {
        #expect(throws: (any Error).self) { try FlagValues.parse(["run", "--rm=yes", "busybox"]) }
        #expect(throws: (any Error).self) { try FlagValues.parse(["run", "--rm=true", "--no-such-flag", "busybox"]) }
    }

    /// The refusal is read from ArgumentParser's own message: this fails when its wording changes.
    @Test func theRefusalIsReadFromArgumentParsersMessage() {
        do {
            _ = try MiniRun.parseAsRoot(["run", "--rm=true", "busybox"])
            Issue.record("--rm=true parsed without a rewrite")
        } catch {
            let refused = FlagValues.refusedValue(MiniRun.message(for: error))
            #expect(refused?.flag == "--rm" && refused?.value == "true", "\(MiniRun.message(for: error))")
        }
        #expect(FlagValues.refusedValue("Unknown option '--x'") == nil)
    }
}
