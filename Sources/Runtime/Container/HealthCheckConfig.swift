/// A health check as Docker's container and image configs carry it (`Healthcheck`): the test and
/// its schedule, durations in nanoseconds, a field left out (nil) taking Docker's default or, in a
/// container's options, the image's value. `run --health-*`, an image's HEALTHCHECK and compose's
/// `healthcheck:` all become one of these.
public struct HealthCheckConfig: Codable, Sendable, Equatable {
    /// `["CMD", program, args...]`, `["CMD-SHELL", line]` (run by /bin/sh -c), `["NONE"]` (no
    /// check, also hiding the image's), or nil / empty: the image's test.
    public var test: [String]?
    public var interval: Int?
    public var timeout: Int?
    public var startPeriod: Int?
    public var startInterval: Int?
    public var retries: Int?

    public init(test: [String]? = nil, interval: Int? = nil, timeout: Int? = nil, startPeriod: Int? = nil,
                startInterval: Int? = nil, retries: Int? = nil) {
        self.test = test
        self.interval = interval
        self.timeout = timeout
        self.startPeriod = startPeriod
        self.startInterval = startInterval
        self.retries = retries
    }

    enum CodingKeys: String, CodingKey {
        case test = "Test", interval = "Interval", timeout = "Timeout", startPeriod = "StartPeriod"
        case startInterval = "StartInterval", retries = "Retries"
    }

    /// `HEALTHCHECK NONE`, `--no-healthcheck`.
    public static let disabled = HealthCheckConfig(test: ["NONE"])

    /// Docker's defaults for what a config leaves out.
    public static let defaultInterval = 30_000_000_000
    public static let defaultTimeout = 30_000_000_000
    public static let defaultStartInterval = 5_000_000_000
    public static let defaultRetries = 3
    /// The shortest duration Docker accepts (but 0, which means the default).
    public static let minimumDuration = 1_000_000

    /// Whether there is a check to run: a test that is not NONE.
    public var isActive: Bool {
        guard let first = test?.first else { return false }
        return first != "NONE"
    }

    public var effectiveInterval: Int { interval ?? Self.defaultInterval }
    public var effectiveTimeout: Int { timeout ?? Self.defaultTimeout }
    public var effectiveStartPeriod: Int { startPeriod ?? 0 }
    public var effectiveStartInterval: Int { startInterval ?? Self.defaultStartInterval }
    public var effectiveRetries: Int { (retries ?? 0) > 0 ? retries! : Self.defaultRetries }

    /// What runs in the container: CMD's program and arguments, CMD-SHELL's line through /bin/sh -c.
    public var command: [String]? {
        guard let test, let kind = test.first else { return nil }
        switch kind {
        case "CMD" where test.count > 1: return Array(test.dropFirst())
        case "CMD-SHELL" where test.count == 2: return ["/bin/sh", "-c", test[1]]
        default: return nil
        }
    }

    /// These options over the image's, field by field, as Docker merges them: a test or duration
    /// left out is the image's.
    public func over(_ image: HealthCheckConfig?) -> HealthCheckConfig {
        guard let image else { return self }
        return HealthCheckConfig(
            test: (test?.isEmpty ?? true) ? image.test : test, interval: interval ?? image.interval,
            timeout: timeout ?? image.timeout, startPeriod: startPeriod ?? image.startPeriod,
            startInterval: startInterval ?? image.startInterval, retries: retries ?? image.retries)
    }

    /// Docker's checks of a container's health check: durations of at least 1 ms, retries not
    /// negative, a test of a known kind.
    public func validate() throws {
        for (name, value) in [("Interval", interval), ("Timeout", timeout), ("StartPeriod", startPeriod), ("StartInterval", startInterval)] {
            if let value, value < Self.minimumDuration {
                throw RuntimeError(.invalidArgument, "\(name) in Healthcheck cannot be less than 1ms")
            }
        }
        if let retries, retries < 0 { throw RuntimeError(.invalidArgument, "Retries in Healthcheck cannot be negative") }
        if isActive && command == nil {
            throw RuntimeError(.invalidArgument, "unknown health check test \(Identifiers.printable(test?.joined(separator: " ") ?? "")): CMD, CMD-SHELL or NONE")
        }
    }

    /// A duration as Docker's flags take it (Go's time.ParseDuration), in nanoseconds; 0 is "not
    /// given", as in Docker. `flag` names it in the error.
    public static func duration(_ text: String, flag: String) throws -> Int? {
        guard let nanoseconds = GoDuration.nanoseconds(text) else {
            throw RuntimeError(.invalidArgument, "invalid argument \"\(Identifiers.printable(text))\" for \"\(flag)\" flag: time: invalid duration \"\(Identifiers.printable(text))\"")
        }
        if nanoseconds < 0 { throw RuntimeError(.invalidArgument, "\(flag) cannot be negative") }
        return nanoseconds == 0 ? nil : nanoseconds
    }
}
