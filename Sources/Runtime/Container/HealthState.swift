/// A container's health as its last health checks found it: Docker's `State.Health`. The health
/// checks a container's monitor runs on schedule write it to containers/<id>/health.json after each
/// check; `inspect`, `ps` and compose's `depends_on: condition: service_healthy` read it.
public struct HealthState: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable {
        case starting, healthy, unhealthy
    }

    /// One check's result, as Docker keeps the last five.
    public struct Check: Codable, Sendable, Equatable {
        public var start: String
        public var end: String
        public var exitCode: Int
        public var output: String

        public init(start: String, end: String, exitCode: Int, output: String) {
            self.start = start
            self.end = end
            self.exitCode = exitCode
            self.output = output
        }

        enum CodingKeys: String, CodingKey {
            case start = "Start", end = "End", exitCode = "ExitCode", output = "Output"
        }
    }

    public var status: Status
    public var failingStreak: Int
    public var log: [Check]

    public init(status: Status, failingStreak: Int = 0, log: [Check] = []) {
        self.status = status
        self.failingStreak = failingStreak
        self.log = log
    }

    enum CodingKeys: String, CodingKey {
        case status = "Status", failingStreak = "FailingStreak", log = "Log"
    }
}

extension ContainerStore {
    func healthPath(_ id: String) -> String { directory(id) + "/health.json" }

    /// The container's health, or nil when it has no health check or none has been recorded yet.
    public func health(_ id: String) -> HealthState? {
        guard let bytes = try? FileSystem.read(healthPath(id)) else { return nil }
        return try? StateJSON.decode(HealthState.self, from: bytes)
    }
}
