import Foundation
import Testing
import TestSupport

/// Health checks run by the container's own monitor (no daemon): healthy, unhealthy after the
/// retries, a timeout, a check that flips, what ps and inspect show, an image's HEALTHCHECK and
/// --no-healthcheck over it, a restart, and an attached container. Intervals are 1 s; every wait
/// polls with a generous bound, nothing is timed.
@Suite(.enabled(if: isRoot, "needs root"))
struct HealthCheckTests {
    static let wait = 60.0

    /// `inspect`'s document of one container.
    static func inspect(_ box: Sandbox, _ name: String) throws -> [String: Any] {
        let out = box.run(["inspect", name]).out
        let array = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [[String: Any]], "\(out)")
        return try #require(array.first)
    }

    static func health(_ box: Sandbox, _ name: String) -> [String: Any]? {
        ((try? inspect(box, name))?["State"] as? [String: Any])?["Health"] as? [String: Any]
    }

    static func status(_ box: Sandbox, _ name: String) -> String? {
        health(box, name)?["Status"] as? String
    }

    static func lastCheck(_ box: Sandbox, _ name: String) -> [String: Any]? {
        (health(box, name)?["Log"] as? [[String: Any]])?.last
    }

    @Test func passingCheckIsHealthyInPsAndInspect() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-d", "--name", "ok", "--health-cmd", "echo fine", "--health-interval", "1s", "busybox", "sleep", "300"]).code == 0)
        #expect(box.run(["run", "-d", "--name", "plain", "busybox", "sleep", "300"]).code == 0)
        #expect(eventually(Self.wait) { Self.status(box, "ok") == "healthy" })
        let check = try #require(Self.lastCheck(box, "ok"))
        #expect(check["ExitCode"] as? Int == 0 && check["Output"] as? String == "fine\n")
        #expect((check["Start"] as? String)?.hasSuffix("Z") == true && (check["End"] as? String)?.hasSuffix("Z") == true)
        #expect(Self.health(box, "ok")?["FailingStreak"] as? Int == 0)
        let config = try #require(try Self.inspect(box, "ok")["Config"] as? [String: Any])
        let healthcheck = try #require(config["Healthcheck"] as? [String: Any])
        #expect(healthcheck["Test"] as? [String] == ["CMD-SHELL", "echo fine"] && healthcheck["Interval"] as? Int == 1_000_000_000)
        #expect(box.run(["inspect", "-f", "{{.State.Health.Status}}", "ok"]).out == "healthy\n")
        let row = try #require(box.run(["ps"]).out.split(separator: "\n").first { $0.hasSuffix(" ok") })
        #expect(row.contains("Up ") && row.contains(" (healthy)"), "\(row)")
        #expect(box.run(["ps", "--format", "{{.Names}}", "--filter", "health=healthy"]).out == "ok\n")
        #expect(box.run(["ps", "--format", "{{.Names}}", "--filter", "health=none"]).out == "plain\n")
        #expect(box.run(["ps", "-q", "--filter", "health=unhealthy"]).out == "")
        #expect(box.run(["ps", "--filter", "health=great"]).code == 1, "the daemon's refusal in Docker")
        #expect((try Self.inspect(box, "plain")["State"] as? [String: Any])?["Health"] == nil, "no health check, no State.Health")
        // The health goes with the container.
        let id = box.run(["inspect", "-f", "{{.Id}}", "ok"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(FileManager.default.fileExists(atPath: box.root + "/containers/\(id)/health.json"))
        #expect(box.run(["rm", "-f", "ok"]).code == 0)
        #expect(!FileManager.default.fileExists(atPath: box.root + "/containers/\(id)/health.json"))
    }

    /// As Docker stops a container's health monitor while it is paused: no check is run or
    /// recorded (one would fail, exec being refused), and checks go on after unpause.
    @Test func aPausedContainerIsNotChecked() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-d", "--name", "frozen", "--net=none", "--health-cmd", "true", "--health-interval", "100ms",
                         "--health-retries", "1", "busybox", "sleep", "300"]).code == 0)
        #expect(eventually(Self.wait) { Self.status(box, "frozen") == "healthy" })
        let pause = box.run(["pause", "frozen"])
        try #require(pause.code == 0, "\(pause.err)")
        let before = Self.lastCheck(box, "frozen")?["End"] as? String
        usleep(1_000_000)  // ten intervals
        #expect(Self.status(box, "frozen") == "healthy")
        #expect(Self.lastCheck(box, "frozen")?["End"] as? String == before, "no check recorded while paused")
        #expect(box.run(["unpause", "frozen"]).code == 0)
        #expect(eventually(Self.wait) { Self.lastCheck(box, "frozen")?["End"] as? String != before })
        #expect(Self.status(box, "frozen") == "healthy")
    }

    @Test func failingCheckIsUnhealthyAfterItsRetries() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-d", "--name", "bad", "--health-cmd", "echo broken; exit 3", "--health-interval", "1s",
                         "--health-retries", "2", "busybox", "sleep", "300"]).code == 0)
        #expect(eventually(Self.wait) { Self.status(box, "bad") == "unhealthy" })
        let health = try #require(Self.health(box, "bad"))
        #expect((health["FailingStreak"] as? Int ?? 0) >= 2)
        let log = try #require(health["Log"] as? [[String: Any]])
        #expect(log.count >= 2 && log.count <= 5 && log.allSatisfy { $0["ExitCode"] as? Int == 3 && $0["Output"] as? String == "broken\n" })
        let row = try #require(box.run(["ps"]).out.split(separator: "\n").first { $0.hasSuffix(" bad") })
        #expect(row.contains(" (unhealthy)"), "\(row)")
        #expect(box.run(["ps", "--format", "{{.Names}}", "--filter", "health=unhealthy"]).out == "bad\n")
        // Docker keeps at most five results.
        #expect(eventually(Self.wait) { (Self.health(box, "bad")?["FailingStreak"] as? Int ?? 0) >= 7 })
        #expect((Self.health(box, "bad")?["Log"] as? [Any])?.count == 5)
    }

    @Test func checkThatOutlivesItsTimeoutFails() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-d", "--name", "slow", "--health-cmd", "sleep 30", "--health-timeout", "1s", "--health-interval", "1s",
                         "--health-retries", "1", "busybox", "sleep", "300"]).code == 0)
        #expect(eventually(Self.wait) { Self.status(box, "slow") == "unhealthy" })
        let check = try #require(Self.lastCheck(box, "slow"))
        #expect(check["ExitCode"] as? Int == -1)
        #expect(check["Output"] as? String == "Health check exceeded timeout (1s)")
    }

    @Test func checkThatFlipsFollowsTheContainerAndARestartStartsAfresh() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-d", "--name", "flip", "--health-cmd", "test -f /tmp/ready", "--health-interval", "1s",
                         "--health-retries", "1", "busybox", "sleep", "300"]).code == 0)
        #expect(eventually(Self.wait) { Self.status(box, "flip") == "unhealthy" })
        #expect(box.run(["exec", "flip", "touch", "/tmp/ready"]).code == 0)
        #expect(eventually(Self.wait) { Self.status(box, "flip") == "healthy" })
        #expect(box.run(["exec", "flip", "rm", "/tmp/ready"]).code == 0)
        #expect(eventually(Self.wait) { Self.status(box, "flip") == "unhealthy" })
        #expect(eventually(Self.wait) { (Self.health(box, "flip")?["FailingStreak"] as? Int ?? 0) >= 6 })
        // A stopped container's checks have stopped: unhealthy, as Docker says; a start begins anew.
        #expect(box.run(["stop", "-t", "0", "flip"]).code == 0)
        #expect(Self.status(box, "flip") == "unhealthy")
        let restarted = Date()
        #expect(box.run(["start", "flip"]).code == 0)
        // At most one failing check a second (the interval) since the start: a streak carried over
        // from the last run (6 or more) would be more, unless the machine took that long to answer.
        let streak = Self.health(box, "flip")?["FailingStreak"] as? Int ?? 99
        let checksSince = Int(Date().timeIntervalSince(restarted)) + 1
        #expect(streak <= checksSince, "the failing streak starts again at 0: \(streak) in \(checksSince) s")
        #expect(eventually(Self.wait) { Self.status(box, "flip") == "unhealthy" })
    }

    @Test func imageHealthcheckRunsUnlessRunSaysNoHealthcheck() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let context = try BuildTests.context(box, ["Dockerfile": "FROM busybox\nHEALTHCHECK --interval=1s --retries=1 CMD echo from-image; exit 1\n"])
        #expect(box.run(["build", "-q", "-t", "checked", context]).code == 0)
        #expect(box.run(["run", "-d", "--name", "inherits", "checked", "sleep", "300"]).code == 0)
        #expect(box.run(["run", "-d", "--name", "opted-out", "--no-healthcheck", "checked", "sleep", "300"]).code == 0)
        #expect(box.run(["run", "-d", "--name", "replaced", "--health-cmd", "true", "checked", "sleep", "300"]).code == 0)
        #expect(eventually(Self.wait) { Self.status(box, "inherits") == "unhealthy" })
        #expect(Self.lastCheck(box, "inherits")?["Output"] as? String == "from-image\n")
        // --health-cmd replaces the test and keeps the image's 1 s interval.
        #expect(eventually(Self.wait) { Self.status(box, "replaced") == "healthy" })
        #expect(Self.health(box, "opted-out") == nil)
        let config = try #require(try Self.inspect(box, "opted-out")["Config"] as? [String: Any])
        #expect((config["Healthcheck"] as? [String: Any])?["Test"] as? [String] == ["NONE"])
        let row = try #require(box.run(["ps"]).out.split(separator: "\n").first { $0.hasSuffix(" opted-out") })
        #expect(!row.contains("("), "\(row)")
    }

    @Test func attachedContainerIsCheckedToo() throws {
        let box = try Sandbox()
        defer { box.finish() }
        // The command waits (at most 60 s) for the file only a health check makes.
        let result = box.run(["run", "--rm", "--health-cmd", "touch /tmp/checked", "--health-interval", "1s", "busybox", "sh", "-c",
                              "i=0; while [ ! -f /tmp/checked ] && [ $i -lt 300 ]; do sleep 0.2; i=$((i+1)); done; test -f /tmp/checked"])
        #expect(result.code == 0, "\(result.err)")
    }

    @Test func badHealthOptionsAreRefused() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let cases: [([String], String)] = [
            (["--no-healthcheck", "--health-cmd", "true"], "--no-healthcheck conflicts with --health-* options"),
            (["--health-interval", "10"], "time: invalid duration \"10\""),
            (["--health-timeout", "-1s"], "--health-timeout cannot be negative"),
            (["--health-retries", "-2"], "--health-retries cannot be negative"),
            (["--health-interval", "10us", "--health-cmd", "true"], "Interval in Healthcheck cannot be less than 1ms"),
        ]
        for (options, message) in cases {
            let result = box.run(["run", "-d"] + options + ["busybox", "sleep", "1"])
            #expect(result.code == 125 && result.err.contains(message), "\(options): \(result.err)")
        }
        #expect(box.run(["ps", "-a", "-q"]).out == "", "nothing was created")
    }
}
