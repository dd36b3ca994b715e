extension HealthState {
    /// How many results Docker keeps in Log, and how much of a check's output.
    public static let keptChecks = 5
    public static let keptOutputBytes = 4096

    /// The state after one more check, by Docker's rules (daemon/health.go): a pass makes the
    /// container healthy and ends the failing streak; a failure lengthens the streak, and at
    /// `retries` failures in a row the container is unhealthy - but while it is still starting
    /// (no check has passed yet) a failure that began inside the start period does not count.
    public func recording(_ check: Check, retries: Int, inStartPeriod: Bool) -> HealthState {
        var next = self
        next.log = Array((log + [check]).suffix(Self.keptChecks))
        if check.exitCode == 0 {
            next.failingStreak = 0
            next.status = .healthy
        } else if !(status == .starting && inStartPeriod) {
            next.failingStreak += 1
            if next.failingStreak >= retries { next.status = .unhealthy }
        }
        return next
    }

    /// At a (re)start, as Docker does it: starting again with no failing streak; the log stays.
    public func restarted() -> HealthState {
        HealthState(status: .starting, failingStreak: 0, log: log)
    }
}
