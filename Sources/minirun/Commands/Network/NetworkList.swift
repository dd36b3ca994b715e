import ArgumentParser
import Runtime

struct NetworkList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ls", abstract: "List networks.", aliases: ["list"])

    @Flag(name: [.customShort("q"), .customLong("quiet")], help: "Only display network IDs.")
    var quiet = false

    @OptionGroup var output: FormatOption

    /// docker's `network ls --format json` fields.
    struct Row: ListRow {
        var IPv6 = "false", Internal = "false", Labels = "", Scope = "local"
        var CreatedAt, Driver, ID, Name: String

        static var columns: [Column<Row>] {
            [Column("ID", \.ID), Column("Name", \.Name), Column("Driver", \.Driver), Column("Scope", \.Scope)]
        }

        static let headers = [
            "CreatedAt": "CREATED AT", "Driver": "DRIVER", "ID": "NETWORK ID", "IPv6": "IPV6", "Internal": "INTERNAL",
            "Labels": "LABELS", "Name": "NAME", "Scope": "SCOPE",
        ]
    }

    func run() throws {
        let engine = makeEngine()
        // host and none are built in, as in docker; they have no bridge and no ID of their own.
        var rows = try engine.listNetworks().map { network in
            Row(CreatedAt: network.created.description, Driver: network.driver, ID: Identifiers.short(network.id), Name: network.name)
        }
        rows.append(Row(CreatedAt: "", Driver: "host", ID: String(repeating: "0", count: 11) + "1", Name: "host"))
        rows.append(Row(CreatedAt: "", Driver: "null", ID: String(repeating: "0", count: 11) + "2", Name: "none"))
        rows.sort { $0.Name < $1.Name }
        print(try Output.render(rows, format: output.format, quiet: quiet ? \.ID : nil), terminator: "")
    }
}
