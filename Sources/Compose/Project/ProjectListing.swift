import Runtime

/// `compose ls`: the projects that have containers on this state root, found by their labels.
public struct ProjectListing: Sendable {
    public var name: String
    public var running: Int
    public var stopped: Int
    public var configFiles: String

    /// Compose's status column: "running(2)", "exited(1)", or both.
    public var status: String {
        [running > 0 ? "running(\(running))" : nil, stopped > 0 ? "exited(\(stopped))" : nil].compactMap { $0 }.joined(separator: ", ")
    }

    public static func projects(_ engine: Engine) -> [ProjectListing] {
        var projects: [String: ProjectListing] = [:]
        for record in engine.containerListing().records {
            guard let name = record.config.labels[ComposeLabel.project] else { continue }
            var entry = projects[name] ?? ProjectListing(name: name, running: 0, stopped: 0,
                                                         configFiles: record.config.labels[ComposeLabel.configFiles] ?? "")
            if engine.isRunning(record) { entry.running += 1 } else { entry.stopped += 1 }
            projects[name] = entry
        }
        return projects.values.sorted { $0.name < $1.name }
    }
}
