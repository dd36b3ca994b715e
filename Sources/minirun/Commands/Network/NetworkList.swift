import ArgumentParser
import Runtime

struct NetworkList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ls", abstract: "List networks.", aliases: ["list"])

    @Flag(name: [.customShort("q"), .customLong("quiet")], help: "Only display network IDs.")
    var quiet = false

    @Option(help: "table or json.")
    var format: OutputFormat = .table

    /// docker's `network ls --format json` fields.
    struct Row: Encodable {
        var CreatedAt: String
        var Driver: String
        var ID: String
        var IPv6 = "false"
        var Internal = "false"
        var Labels = ""
        var Name: String
        var Scope = "local"
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
        if quiet {
            for row in rows { print(row.ID) }
            return
        }
        switch format {
        case .json:
            print(try OutputFormat.jsonLines(rows), terminator: "")
        case .table:
            var table = Table(["NETWORK ID", "NAME", "DRIVER", "SCOPE"])
            for row in rows { table.add([row.ID, row.Name, row.Driver, row.Scope]) }
            print(table.render(), terminator: "")
        }
    }
}
