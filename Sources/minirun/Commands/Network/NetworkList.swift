import ArgumentParser
import GoTemplate
import Runtime

struct NetworkList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ls", abstract: "List networks.", aliases: ["list"])

    @Flag(name: [.customShort("q"), .customLong("quiet")], help: "Only display network IDs.")
    var quiet = false

    @Flag(name: .customLong("no-trunc"), help: "Do not truncate the IDs.")
    var noTrunc = false

    @Option(
        name: [.customShort("f", allowingJoined: true), .customLong("filter")],
        help: "name=REGEXP, id=REGEXP, driver=bridge|host|null, label=KEY[=VALUE], scope=local, type=custom|builtin, dangling=true|false.")
    var filters: [String] = []

    @OptionGroup var output: FormatOption

    /// docker's `network ls --format json` fields.
    struct Row: ListRow {
        var IPv6 = "false", Scope = "local"
        var CreatedAt, Driver, ID, Internal, Labels, Name: String
        /// For `.Label "KEY"` in templates; not a JSON field.
        var labels: [String: String] = [:]

        enum CodingKeys: String, CodingKey {
            case CreatedAt, Driver, ID, IPv6, Internal, Labels, Name, Scope
        }

        var methods: [String: GoTemplate.Method] { RowLabels.methods(labels) }

        static var columns: [Column<Row>] {
            [Column("ID", \.ID), Column("Name", \.Name), Column("Driver", \.Driver), Column("Scope", \.Scope)]
        }

        static let headers = [
            "CreatedAt": "CREATED AT", "Driver": "DRIVER", "ID": "NETWORK ID", "IPv6": "IPV6", "Internal": "INTERNAL",
            "Labels": "LABELS", "Name": "NAME", "Scope": "SCOPE",
        ]

        init(_ network: ListedNetwork, full: Bool) {
            CreatedAt = network.created
            Driver = network.driver
            ID = full ? network.id : Identifiers.short(network.id)
            Internal = String(network.isInternal)
            labels = network.labels
            Labels = RowLabels.text(labels)
            Name = network.name
        }
    }

    func run() throws {
        let engine = makeEngine()
        let filter = try NetworkFilter(filters)
        let inUse = Set(engine.containers.list().filter { $0.state.status == .running }.flatMap { $0.state.interfaces.keys })
        // host and none are built in, as in docker; they have no bridge and no ID of their own.
        let networks = try engine.listNetworks().map { ListedNetwork($0, inUse: inUse.contains($0.name)) } + ListedNetwork.builtIn
        let rows = networks.filter(filter.matches).sorted { $0.name < $1.name }.map { Row($0, full: noTrunc) }
        print(try Output.render(rows, format: output.format, quiet: quiet ? \.ID : nil), terminator: "")
    }
}

/// What `network ls` lists and filters: a bridge network of the store, or host and none.
struct ListedNetwork {
    var name, id, driver, created: String
    var isInternal = false
    var labels: [String: String] = [:]
    /// Docker's predefined networks: bridge, host and none.
    var isBuiltIn: Bool
    /// Whether a running container is attached (Docker's endpoints).
    var inUse: Bool

    init(_ network: NetworkRecord, inUse: Bool) {
        name = network.name
        id = network.id
        driver = network.driver
        created = network.created.goPreciseDescription
        isInternal = network.isInternal
        labels = network.labels
        isBuiltIn = network.isDefault
        self.inUse = inUse
    }

    init(_ network: PredefinedNetwork) {
        name = network.name
        id = network.id
        driver = network.driver
        created = ""
        isBuiltIn = true
        inUse = false
    }

    static let builtIn = PredefinedNetwork.all.map(ListedNetwork.init)
}
