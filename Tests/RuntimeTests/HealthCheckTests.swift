import Testing
@testable import Runtime

/// Health checks' pure parts: durations as Docker reads and prints them, the HEALTHCHECK
/// instruction, the merge of `--health-*` over an image's check, and Docker's state machine.
struct HealthCheckTests {
    @Test func durationsParseAndPrintAsGoDoes() throws {
        #expect(try HealthCheckConfig.duration("1s", flag: "--health-interval") == 1_000_000_000)
        #expect(try HealthCheckConfig.duration("1m30s", flag: "--health-interval") == 90_000_000_000)
        #expect(try HealthCheckConfig.duration("250ms", flag: "--health-timeout") == 250_000_000)
        #expect(try HealthCheckConfig.duration("1.5s", flag: "--health-timeout") == 1_500_000_000)
        #expect(try HealthCheckConfig.duration("0", flag: "--health-timeout") == nil, "0 is Docker's \"not given\"")
        #expect(throws: RuntimeError.self) { try HealthCheckConfig.duration("10", flag: "--health-interval") }
        #expect(throws: RuntimeError.self) { try HealthCheckConfig.duration("1 s", flag: "--health-interval") }
        #expect(throws: RuntimeError.self) { try HealthCheckConfig.duration("-1s", flag: "--health-interval") }
        #expect(GoDuration.format(1_000_000_000) == "1s")
        #expect(GoDuration.format(30_000_000_000) == "30s")
        #expect(GoDuration.format(1_500_000_000) == "1.5s")
        #expect(GoDuration.format(500_000_000) == "500ms")
        #expect(GoDuration.format(90_000_000_000) == "1m30s")
        #expect(GoDuration.format(7_200_000_000_000) == "2h0m0s")
        #expect(GoDuration.format(1_500) == "1.5µs")
    }

    @Test func healthcheckInstructionReadsFlagsAndBothForms() throws {
        let shell = try HealthCheckConfig(instruction: "--interval=1s --timeout=2s --start-period=3s --start-interval=500ms --retries=4 CMD wget -q -O- localhost || exit 1")
        #expect(shell == HealthCheckConfig(test: ["CMD-SHELL", "wget -q -O- localhost || exit 1"], interval: 1_000_000_000,
                                           timeout: 2_000_000_000, startPeriod: 3_000_000_000, startInterval: 500_000_000, retries: 4))
        #expect(try HealthCheckConfig(instruction: #"CMD ["test", "-f", "/ready"]"#).test == ["CMD", "test", "-f", "/ready"])
        #expect(try HealthCheckConfig(instruction: "none") == .disabled)
        for bad in ["NONE now", "--interval=1s NONE", "CMD", "CMD []", "RUN true", "--bogus=1 CMD true", "--interval CMD true",
                    "--interval=1us CMD true", "--retries=-1 CMD true", "--retries=x CMD true", "--timeout=soon CMD true"] {
            #expect(throws: RuntimeError.self, "\(bad)") { try HealthCheckConfig(instruction: bad) }
        }
    }

    @Test func onbuildKeepsItsTriggersAndHealthcheckSetsTheConfig() throws {
        var editor = ImageConfigEditor()
        for line in ["ONBUILD RUN echo hi", "onbuild copy a /a", "HEALTHCHECK --retries=2 CMD true"] {
            try editor.apply(try #require(try ImageInstruction.parse(line)))
        }
        #expect(editor.config.onBuild == ["RUN echo hi", "copy a /a"])
        #expect(editor.config.healthcheck == HealthCheckConfig(test: ["CMD-SHELL", "true"], retries: 2))
        for bad in ["ONBUILD ONBUILD RUN x", "ONBUILD FROM busybox", "ONBUILD MAINTAINER me", "ONBUILD BOGUS x"] {
            #expect(throws: RuntimeError.self, "\(bad)") { try editor.apply(try #require(try ImageInstruction.parse(bad))) }
        }
        editor.dropOnBuildTriggers()
        #expect(editor.config.onBuild == nil)
    }

    @Test func optionsReplaceTheImagesCheckFieldByField() throws {
        let image = HealthCheckConfig(test: ["CMD-SHELL", "true"], interval: 5_000_000_000, retries: 2)
        let merged = HealthCheckConfig(interval: 1_000_000_000).over(image)
        #expect(merged == HealthCheckConfig(test: ["CMD-SHELL", "true"], interval: 1_000_000_000, retries: 2))
        #expect(HealthCheckConfig.disabled.over(image).isActive == false, "--no-healthcheck hides the image's")
        #expect(HealthCheckConfig(test: ["CMD", "x"]).over(nil).command == ["x"])
        #expect(HealthCheckConfig(test: ["CMD-SHELL", "exit 1"]).command == ["/bin/sh", "-c", "exit 1"])
        let defaults = HealthCheckConfig(test: ["CMD", "true"])
        #expect([defaults.effectiveInterval, defaults.effectiveTimeout, defaults.effectiveStartInterval, defaults.effectiveRetries]
            == [30_000_000_000, 30_000_000_000, 5_000_000_000, 3])
        #expect(throws: RuntimeError.self) { try HealthCheckConfig(test: ["CMD-SHELL", "true"], interval: 10).validate() }
        #expect(throws: RuntimeError.self) { try HealthCheckConfig(test: ["CMD-SHELL", "true"], retries: -1).validate() }
        #expect(throws: RuntimeError.self) { try HealthCheckConfig(test: ["SHELL", "true"]).validate() }
        let options = CreateOptions(image: "i", command: ["true"])
        #expect(try options.completed(with: .init(healthcheck: image)).healthcheck == image, "run applies the image's check")
    }

    func check(_ code: Int) -> HealthState.Check {
        HealthState.Check(start: "s", end: "e", exitCode: code, output: "")
    }

    @Test func failuresTurnUnhealthyAfterRetriesAndAPassHeals() {
        var state = HealthState(status: .starting)
        state = state.recording(check(1), retries: 3, inStartPeriod: false)
        state = state.recording(check(1), retries: 3, inStartPeriod: false)
        #expect(state.status == .starting && state.failingStreak == 2)
        state = state.recording(check(1), retries: 3, inStartPeriod: false)
        #expect(state.status == .unhealthy && state.failingStreak == 3)
        state = state.recording(check(0), retries: 3, inStartPeriod: false)
        #expect(state.status == .healthy && state.failingStreak == 0)
        state = state.recording(check(-1), retries: 1, inStartPeriod: false)
        #expect(state.status == .unhealthy, "a timeout (-1) is a failure")
        for _ in 0..<4 { state = state.recording(check(0), retries: 1, inStartPeriod: false) }
        #expect(state.log.map(\.exitCode) == [-1, 0, 0, 0, 0], "the last five are kept")
    }

    @Test func failuresInTheStartPeriodDoNotCountUntilAPass() {
        var state = HealthState(status: .starting)
        for _ in 0..<5 { state = state.recording(check(1), retries: 1, inStartPeriod: true) }
        #expect(state.status == .starting && state.failingStreak == 0 && state.log.count == 5)
        state = state.recording(check(0), retries: 1, inStartPeriod: true)
        #expect(state.status == .healthy)
        state = state.recording(check(1), retries: 1, inStartPeriod: true)
        #expect(state.status == .unhealthy, "once healthy, a failure counts even inside the start period")
        let restarted = state.restarted()
        #expect(restarted.status == .starting && restarted.failingStreak == 0 && restarted.log == state.log)
    }
}
