import ArgumentParser
import Runtime

struct Ps: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List containers.")

    @Flag(name: [.customShort("a"), .customLong("all")], help: "Show all containers (default shows just running).")
    var all = false

    @Flag(name: [.customShort("q"), .customLong("quiet")], help: "Only display container IDs.")
    var quiet = false

    @Option(help: "table or json.")
    var format: OutputFormat = .table

    /// docker's `ps --format json` fields.
    struct Row: Encodable {
        var Command: String
        var CreatedAt: String
        var ID: String
        var Image: String
        var Names: String
        var Networks: String
        var Ports: String
        var RunningFor: String
        var State: String
        var Status: String
    }

    func run() throws {
        let engine = makeEngine()
        let now = Timestamp.now()
        let records = engine.listContainers().filter { all || $0.state.status == .running }
        if quiet {
            for record in records { print(Identifiers.short(record.id)) }
            return
        }
        let rows = records.map { record in
            Row(Command: ContainerText.command(record), CreatedAt: record.config.created.description,
                ID: Identifiers.short(record.id), Image: record.config.image, Names: record.name,
                Networks: record.config.networks.isEmpty ? record.config.network.description : record.config.networks.joined(separator: ","),
                Ports: record.state.status == .running ? record.state.ports.map(\.description).joined(separator: ", ") : "",
                RunningFor: HumanFormat.duration(record.config.created.interval(to: now)) + " ago",
                State: record.state.status.rawValue, Status: ContainerText.status(record, now: now))
        }
        switch format {
        case .json:
            print(try OutputFormat.jsonLines(rows), terminator: "")
        case .table:
            var table = Table(["CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"])
            for row in rows {
                table.add([row.ID, row.Image, "\"" + row.Command + "\"", row.RunningFor, row.Status, row.Ports, row.Names])
            }
            print(table.render(), terminator: "")
        }
    }
}

/// How docker shows a container's command and status.
enum ContainerText {
    /// The command, cut to 20 characters with "…" as docker's table does.
    static func command(_ record: ContainerRecord) -> String {
        let full = record.config.command.joined(separator: " ")
        return full.count > 20 ? String(full.prefix(19)) + "…" : full
    }

    static func status(_ record: ContainerRecord, now: Timestamp) -> String {
        switch record.state.status {
        case .created: return "Created"
        case .running: return "Up " + HumanFormat.duration(record.state.startedAt.interval(to: now))
        case .exited:
            let ago = record.state.finishedAt.isZero ? "" : " " + HumanFormat.duration(record.state.finishedAt.interval(to: now)) + " ago"
            return "Exited (\(record.state.exitCode))" + ago
        }
    }
}
