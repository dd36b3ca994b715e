import ArgumentParser
import GoTemplate
import Runtime

struct VolumeList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ls", abstract: "List volumes.", aliases: ["list"])

    @Flag(name: [.customShort("q"), .customLong("quiet")], help: "Only display volume names.")
    var quiet = false

    @Option(name: [.customShort("f", allowingJoined: true), .customLong("filter")], help: "dangling=true|false, name=REGEXP, driver=local, label=KEY[=VALUE].")
    var filters: [String] = []

    @OptionGroup var output: FormatOption

    /// docker's `volume ls --format json` fields.
    struct Row: ListRow {
        var Availability = "N/A", Driver = "local", Group = "N/A", Links = "N/A", Scope = "local", Size = "N/A", Status = "N/A"
        var Labels, Mountpoint, Name: String
        /// For `.Label "KEY"` in templates; not a JSON field.
        var labels: [String: String] = [:]

        enum CodingKeys: String, CodingKey {
            case Availability, Driver, Group, Labels, Links, Mountpoint, Name, Scope, Size, Status
        }

        var methods: [String: GoTemplate.Method] { RowLabels.methods(labels) }

        static var columns: [Column<Row>] { [Column("Driver", \.Driver), Column("Name", \.Name)] }

        static let headers = [
            "Availability": "AVAILABILITY", "Driver": "DRIVER", "Group": "GROUP", "Labels": "LABELS", "Links": "LINKS",
            "Mountpoint": "MOUNTPOINT", "Name": "VOLUME NAME", "Scope": "SCOPE", "Size": "SIZE", "Status": "STATUS",
        ]

        init(_ volume: VolumeRecord) {
            labels = volume.labels
            Labels = RowLabels.text(labels)
            Mountpoint = volume.mountpoint
            Name = volume.name
        }
    }

    func run() throws {
        let filter = try VolumeFilter(filters)
        let engine = makeEngine()
        let used = Engine.volumesMounted(by: engine.containers.list())
        let rows = engine.listVolumes().filter { filter.matches($0, inUse: used.contains($0.name)) }
            .sorted { NaturalOrder.less($0.name, $1.name) }.map(Row.init)
        print(try Output.render(rows, format: output.format, quiet: quiet ? \.Name : nil), terminator: "")
    }
}

/// `volume ls --filter` with Docker's keys: dangling (no container mounts it), name (a regular
/// expression found in the name), driver and label.
struct VolumeFilter {
    var dangling: Bool?
    var names: [String] = []
    var drivers: [String] = []
    var labels: [String] = []

    init(_ filters: [String]) throws {
        for filter in filters {
            let (key, value) = try FilterArgument.split(filter)
            switch key {
            case "dangling":
                switch value {
                case "true", "1": dangling = true
                case "false", "0": dangling = false
                default: throw FilterArgument.refused("invalid filter 'dangling=\(value)'")
                }
            case "name": names.append(value)
            case "driver": drivers.append(value)
            case "label": labels.append(value)
            default: throw FilterArgument.refused("invalid filter '\(key)'")
            }
        }
    }

    func matches(_ volume: VolumeRecord, inUse: Bool) -> Bool {
        dangling.map { $0 == !inUse } ?? true
            && (names.isEmpty || names.contains { FilterArgument.matches($0, volume.name) })
            && (drivers.isEmpty || drivers.contains("local"))
            && labels.allSatisfy { FilterArgument.label($0, matches: volume.labels) }
    }
}
