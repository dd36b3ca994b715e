import ArgumentParser
import Compose
import Runtime

struct ComposePs: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ps", abstract: "List the project's containers.")

    @ParentCommand var compose: ComposeCommand

    @Flag(name: [.customShort("a"), .customLong("all")], help: "Show stopped containers too.")
    var all = false

    @Flag(name: [.customShort("q"), .customLong("quiet")], help: "Only display IDs.")
    var quiet = false

    @OptionGroup var output: FormatOption

    @Argument(help: "Services to list; all when none.")
    var services: [String] = []

    /// docker compose ps's `--format json` fields.
    struct Row: ListRow {
        var ID, Name, Image, Command, Project, Service, CreatedAt, RunningFor, State, Status, Health, Ports: String
        var ExitCode: Int

        static var columns: [Column<Row>] {
            [Column("Name", \.Name), Column("Image", \.Image), Column("Command", \.quotedCommand), Column("Service", \.Service),
             Column("RunningFor", \.RunningFor), Column("Status", \.Status), Column("Ports", \.Ports)]
        }

        static let headers = [
            "Command": "COMMAND", "CreatedAt": "CREATED AT", "ExitCode": "EXIT CODE", "Health": "HEALTH", "ID": "CONTAINER ID",
            "Image": "IMAGE", "Name": "NAME", "Ports": "PORTS", "Project": "PROJECT", "RunningFor": "CREATED",
            "Service": "SERVICE", "State": "STATE", "Status": "STATUS",
        ]

        var quotedCommand: String { "\"" + Command + "\"" }

        init(_ record: ContainerRecord, health: HealthState?, now: Timestamp) {
            ID = record.id
            Name = record.name
            Image = record.config.image
            Command = ContainerText.command(record, truncated: true)
            Project = record.config.labels[ComposeLabel.project] ?? ""
            Service = record.serviceName
            CreatedAt = record.config.created.description
            RunningFor = HumanFormat.duration(record.config.created.interval(to: now)) + " ago"
            State = record.state.status.rawValue
            let running = record.state.status == .running
            Health = running ? health?.status.rawValue ?? "" : ""
            Status = ContainerText.status(record, health: health, now: now)
            Ports = running ? ContainerText.ports(record).joined(separator: ", ") : ""
            ExitCode = Int(record.state.exitCode)
        }
    }

    func run() throws {
        let runner = try compose.runner()
        let now = Timestamp.now()
        let records = try runner.containers(of: services).filter { all || runner.engine.isRunning($0) }
        let rows = records.map { Row($0, health: runner.engine.containers.health($0.id), now: now) }
        print(try Output.render(rows, format: output.format, quiet: quiet ? \.ID : nil), terminator: "")
    }
}
