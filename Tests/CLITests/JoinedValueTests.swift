import ArgumentParser
@testable import minirun
import Testing

/// A single-letter option takes its value joined to it, as docker's pflag does (-t0, -uroot).
struct JoinedValueTests {
    @Test func singleLetterOptionsTakeJoinedValues() throws {
        #expect(try Stop.parse(["-t0", "web"]).flags.time == 0)
        #expect(try Restart.parse(["-t5", "web"]).flags.time == 5)
        #expect(try Kill.parse(["-sHUP", "web"]).signal == "HUP")
        #expect(try Logs.parse(["-n5", "web"]).tail == "5")
        let exec = try Exec.parse(["-uroot", "-w/tmp", "-eA", "web", "id"])
        #expect(exec.process.user == "root" && exec.process.workdir == "/tmp" && exec.process.env == ["A"])
        #expect(try Create.parse(["-p8080:80", "-m64m", "busybox"]).container.values.publish == ["8080:80"])
        #expect(try Export.parse(["-o/tmp/out.tar", "web"]).output == "/tmp/out.tar")
    }
}
