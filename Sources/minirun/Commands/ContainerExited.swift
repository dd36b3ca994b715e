import ArgumentParser
import Runtime

/// Run by minirun-monitor after a detached container exited; not for users.
struct ContainerExited: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "container-exited", abstract: "Record a detached container's exit.", shouldDisplay: false)

    @Argument var id: String
    @Argument var pid: Int32
    /// What the container exited with, as the monitor saw it (absent from an older monitor).
    @Argument var exitCode: Int32?

    func run() throws {
        try makeEngine().containerExited(id: id, pid: pid, exitCode: exitCode)
    }
}
