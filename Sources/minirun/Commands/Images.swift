import ArgumentParser
import Runtime

struct Images: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "images", abstract: "List images.")

    @Flag(name: [.customShort("q"), .customLong("quiet")], help: "Only show image IDs.")
    var quiet = false

    @OptionGroup var output: FormatOption

    /// docker's `images --format json` fields.
    struct Row: ListRow {
        var Containers = "N/A", Digest = "<none>", SharedSize = "N/A", UniqueSize = "N/A"
        var CreatedAt, CreatedSince, ID, Repository, Size, Tag, VirtualSize: String

        init(_ image: ImageRecord, now: Timestamp) {
            CreatedAt = image.created.description
            CreatedSince = HumanFormat.duration(image.created.interval(to: now)) + " ago"
            ID = "sha256:" + image.id
            Repository = image.repository
            Size = HumanFormat.size(image.size)
            Tag = image.tag
            VirtualSize = Size
        }

        static var columns: [Column<Row>] {
            [Column("REPOSITORY", \.Repository), Column("TAG", \.Tag), Column("IMAGE ID", \.shortID),
             Column("CREATED", \.CreatedSince), Column("SIZE", \.Size)]
        }

        /// The short ID, without "sha256:".
        var shortID: String { Identifiers.short(String(ID.dropFirst("sha256:".count))) }
    }

    func run() throws {
        let images = try makeEngine().images.list().sorted { $0.created > $1.created }
        let now = Timestamp.now()
        print(try Output.render(images.map { Row($0, now: now) }, format: output.format, quiet: quiet ? \.shortID : nil), terminator: "")
    }
}
