import ArgumentParser
@testable import minirun
import Testing

/// Numeric options of the other commands read "-1" as docker does, not as a missing value.
struct NegativeNumberTests {
    @Test func stopAndRestartWaitWithoutLimitForMinusOne() throws {
        // docker stop -t -1: SIGTERM, then wait for as long as it takes.
        #expect(try Stop.parse(["-t", "-1", "web"]).flags.time == -1)
        #expect(try Stop.parse(["--time", "-1", "web"]).flags.time == -1)
        #expect(try Restart.parse(["-t", "-1", "web"]).flags.time == -1)
    }

    @Test func aNegativeSignalIsAValueToRefuse() throws {
        #expect(try Kill.parse(["-s", "-1", "web"]).signal == "-1")  // then "invalid signal: -1", as in docker
    }

    @Test func logsTailOfMinusOneIsAValue() throws {
        #expect(try Logs.parse(["--tail", "-1", "web"]).tail == "-1")
        #expect(try Logs.parse(["-n", "-1", "web"]).tail == "-1")
    }
}
