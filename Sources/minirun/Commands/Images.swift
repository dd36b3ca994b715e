import ArgumentParser
import Runtime

struct Images: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "images", abstract: "List images.")

    @Flag(name: [.customShort("q"), .customLong("quiet")], help: "Only show image IDs.")
    var quiet = false

    @Option(help: "table or json.")
    var format: OutputFormat = .table

    /// docker's `images --format json` fields.
    struct Row: Encodable {
        var Containers = "N/A"
        var CreatedAt: String
        var CreatedSince: String
        var Digest = "<none>"
        var ID: String
        var Repository: String
        var SharedSize = "N/A"
        var Size: String
        var Tag: String
        var UniqueSize = "N/A"
        var VirtualSize: String
    }

    func run() throws {
        let images = try makeEngine().images.list().sorted { $0.created > $1.created }
        let now = Timestamp.now()
        if quiet {
            var seen = Set<String>()
            for image in images where seen.insert(image.id).inserted { print(Identifiers.short(image.id)) }
            return
        }
        switch format {
        case .json:
            print(try OutputFormat.jsonLines(images.map { image in
                Row(CreatedAt: image.created.description, CreatedSince: HumanFormat.duration(image.created.interval(to: now)) + " ago",
                    ID: "sha256:" + image.id, Repository: image.repository, Size: HumanFormat.size(image.size),
                    Tag: image.tag, VirtualSize: HumanFormat.size(image.size))
            }), terminator: "")
        case .table:
            var table = Table(["REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE"])
            for image in images {
                table.add([image.repository, image.tag, Identifiers.short(image.id),
                           HumanFormat.duration(image.created.interval(to: now)) + " ago", HumanFormat.size(image.size)])
            }
            print(table.render(), terminator: "")
        }
    }
}
