import ArgumentParser
import GoTemplate
import Runtime

struct Ps: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ps", abstract: "List containers.")

    @Flag(name: [.customShort("a"), .customLong("all")], help: "Show all containers (default shows just running).")
    var all = false

    @Flag(name: [.customShort("q"), .customLong("quiet")], help: "Only display container IDs.")
    var quiet = false

    @Option(name: [.customShort("n", allowingJoined: true), .customLong("last")], help: "Show the n last created containers, in every state.")
    var last = -1

    @Flag(name: [.customShort("l"), .customLong("latest")], help: "Show the latest created container, in any state.")
    var latest = false

    @OptionGroup var output: FormatOption

    @Flag(name: .customLong("no-trunc"), help: "Do not truncate IDs and commands.")
    var noTrunc = false

    @Flag(name: [.customShort("s"), .customLong("size")], help: "Display total file sizes: the writable layer's, and with the image's.")
    var size = false

    @Option(
        name: [.customShort("f", allowingJoined: true), .customLong("filter")],
        help: "name=REGEXP, id=REGEXP, status=created|running|exited|dead|..., exited=CODE, ancestor=IMAGE, before=CONTAINER, since=CONTAINER, network=NAME, label=KEY[=VALUE], health=starting|healthy|unhealthy|none.")
    var filters: [String] = []

    /// docker's `ps --format json` fields.
    struct Row: ListRow {
        var Command, CreatedAt, ID, Image, Labels, LocalVolumes, Mounts, Names, Networks, Ports, RunningFor, State, Status: String
        /// With --size, the writable layer's size and, as "virtual", with the image's; "0B" without,
        /// as Docker's.
        var Size = "0B"
        /// For `.Label "KEY"` in templates; not a JSON field.
        var labels: [String: String] = [:]

        enum CodingKeys: String, CodingKey {
            case Command, CreatedAt, ID, Image, Labels, LocalVolumes, Mounts, Names, Networks, Ports, RunningFor, Size, State, Status
        }

        var methods: [String: GoTemplate.Method] { RowLabels.methods(labels) }

        static var columns: [Column<Row>] {
            [Column("ID", \.ID), Column("Image", \.Image), Column("Command", \.Command), Column("RunningFor", \.RunningFor),
             Column("Status", \.Status), Column("Ports", \.Ports), Column("Names", \.Names)]
        }

        static let headers = [
            "Command": "COMMAND", "CreatedAt": "CREATED AT", "ID": "CONTAINER ID", "Image": "IMAGE", "Labels": "LABELS",
            "LocalVolumes": "LOCAL VOLUMES", "Mounts": "MOUNTS", "Names": "NAMES", "Networks": "NETWORKS", "Ports": "PORTS",
            "RunningFor": "CREATED", "Size": "SIZE", "State": "STATE", "Status": "STATUS",
        ]

        init(_ record: ContainerRecord, health: HealthState?, full: Bool, now: Timestamp) {
            // Quoted as Go quotes strings, in the table, templates and JSON alike, as Docker's.
            Command = GoQuote.quote(ContainerText.command(record, truncated: !full))
            CreatedAt = record.config.created.goDescription
            ID = full ? record.id : Identifiers.short(record.id)
            Image = record.config.image
            labels = record.config.labels
            Labels = RowLabels.text(labels)
            let volumes = record.config.volumes
            LocalVolumes = String(volumes.filter(\.isNamedVolume).count)
            // A volume by its name (cut to 15 characters as Docker's table does), a bind mount by its source.
            Mounts = volumes.map { $0.isNamedVolume && !full ? HumanFormat.ellipsis($0.source, width: 15) : $0.source }.joined(separator: ",")
            Names = record.name
            Networks = record.config.networks.isEmpty ? record.config.network.description : record.config.networks.joined(separator: ",")
            Ports = record.state.status == .running ? ContainerText.ports(record).joined(separator: ", ") : ""
            RunningFor = HumanFormat.duration(record.config.created.interval(to: now)) + " ago"
            State = record.state.shownStatus
            Status = ContainerText.status(record, health: health, now: now)
        }

        /// What is known without the record: Docker's Dead state, with no command, image or network.
        init(damaged container: DamagedContainer, full: Bool, now: Timestamp) {
            Command = ""
            CreatedAt = container.changed.goDescription
            ID = full ? container.id : Identifiers.short(container.id)
            Image = ""
            Labels = ""
            LocalVolumes = "0"
            Mounts = ""
            Names = container.name ?? ""
            Networks = ""
            Ports = ""
            RunningFor = HumanFormat.duration(container.changed.interval(to: now)) + " ago"
            State = "dead"
            Status = "Dead"
        }
    }

    func run() throws {
        let engine = makeEngine()
        let now = Timestamp.now()
        let listing = engine.reconciledListing()
        let filter = try ContainerFilter(filters, engine: engine, records: listing.records)
        for container in listing.damaged {
            printDiagnostic("container \(Identifiers.short(container.id))\(container.name.map { " (\($0))" } ?? "") has a damaged record, "
                + "so it shows as Dead and may still run; rm -f removes what is left of it: \(container.problem)")
        }
        let health = Dictionary(uniqueKeysWithValues: listing.records.map { ($0.id, engine.health(of: $0)) })
        // As Docker: -n and -l count the newest containers that pass the filters, whatever their state.
        let limit = latest ? 1 : last
        let everyState = all || filter.status != nil || limit > 0
        let records = listing.records.filter {
            (everyState || $0.state.status == .running) && filter.matches($0, health: health[$0.id] ?? nil)
        }
        // A damaged record cannot say whether its container runs: Docker's Dead, shown as stopped ones are.
        let damaged = listing.damaged.filter { everyState && filter.matches($0) }
        let imageSizes = size ? Dictionary(try engine.images.list().map { ($0.id, $0.size) }, uniquingKeysWith: { first, _ in first }) : [:]
        // Only the rows -n keeps are sized: a writable layer's size is a walk of its files.
        var rows = (limit > 0 ? Array(records.prefix(limit)) : records).map { record in
            var row = Row(record, health: health[record.id] ?? nil, full: noTrunc, now: now)
            if size {
                let writable = engine.containers.writableLayerSize(of: record.id)
                row.Size = HumanFormat.size(writable) + " (virtual " + HumanFormat.size(writable + (imageSizes[record.config.imageID] ?? 0)) + ")"
            }
            return row
        } + damaged.map { Row(damaged: $0, full: noTrunc, now: now) }
        if limit > 0 { rows = Array(rows.prefix(limit)) }
        print(try Output.render(rows, format: output.format, quiet: quiet ? \.ID : nil,
                                columns: Row.columns + (size ? [Column("Size", \.Size)] : [])), terminator: "")
    }
}

/// How docker shows a container's command and status.
enum ContainerText {
    /// The command, cut to 20 characters with "…" as docker's table does.
    static func command(_ record: ContainerRecord, truncated: Bool) -> String {
        let full = record.config.command.joined(separator: " ")
        return truncated ? HumanFormat.ellipsis(full, width: 20) : full
    }

    /// The published ports ("0.0.0.0:32768->80/tcp"), then the exposed ones none publishes ("443/tcp").
    static func ports(_ record: ContainerRecord) -> [String] {
        let published = record.state.ports
        let unpublished = record.config.exposedPorts.filter { exposed in
            !published.contains { $0.exposedPort == exposed }
        }
        return published.map(\.description) + unpublished
    }

    /// "Up 5 seconds (healthy)", "(unhealthy)" or "(health: starting)" when it has a health check.
    static func status(_ record: ContainerRecord, health: HealthState?, now: Timestamp) -> String {
        switch record.state.status {
        case .created: return "Created"
        case .running:
            let up = "Up " + HumanFormat.duration(record.state.startedAt.interval(to: now))
            if record.state.paused { return up + " (Paused)" }
            switch health?.status {
            case nil: return up
            case .starting: return up + " (health: starting)"
            case let status?: return up + " (\(status.rawValue))"
            }
        case .exited:
            let ago = record.state.finishedAt.isZero ? "" : " " + HumanFormat.duration(record.state.finishedAt.interval(to: now)) + " ago"
            return "Exited (\(record.state.exitCode))" + ago
        }
    }
}
