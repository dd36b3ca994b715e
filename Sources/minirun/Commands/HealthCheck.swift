import ArgumentParser
import Runtime

/// Run by a container's monitor on its health check's schedule; not for users. Runs the check once
/// in the container and records the result (Engine+HealthCheck); exits 0 when it passed.
struct HealthCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health-check", abstract: "Run a container's health check once and record it.", shouldDisplay: false)

    @Argument var id: String

    func run() throws {
        if try !makeEngine().runHealthCheck(id) { throw ExitCode(1) }
    }
}
