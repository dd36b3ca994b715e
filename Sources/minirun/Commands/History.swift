import ArgumentParser
import Runtime

/// `history IMAGE` (also `image history`): the steps that made an image, newest first.
struct History: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "history", abstract: "Show the history of an image.")

    @Flag(name: [.customShort("q"), .customLong("quiet")], help: "Only show image IDs.")
    var quiet = false

    @Flag(name: .customLong("no-trunc"), help: "Do not truncate IDs and CREATED BY.")
    var noTrunc = false

    /// Docker's -H=false: sizes in bytes and CREATED as a date.
    @Option(name: [.customShort("H", allowingJoined: true), .customLong("human")], help: "Print sizes and dates in human readable format (true or false).")
    var human = true

    @OptionGroup var output: FormatOption

    @Argument(help: "The image (NAME[:TAG] or ID).")
    var image: String

    /// docker's `history --format json` fields.
    struct Row: ListRow {
        var Comment, CreatedAt, CreatedBy, CreatedSince, ID, Size: String

        static var columns: [Column<Row>] { columns(human: true) }

        /// Docker's -H=false table shows CREATED AT where it shows CREATED.
        static func columns(human: Bool) -> [Column<Row>] {
            [Column("ID", \.ID), human ? Column("CreatedSince", \.CreatedSince) : Column("CreatedAt", \.CreatedAt),
             Column("CreatedBy", \.CreatedBy), Column("Size", \.Size), Column("Comment", \.Comment)]
        }

        static let headers = [
            "Comment": "COMMENT", "CreatedAt": "CREATED AT", "CreatedBy": "CREATED BY", "CreatedSince": "CREATED",
            "ID": "IMAGE", "Size": "SIZE",
        ]

        init(_ entry: ImageHistoryEntry, full: Bool, human: Bool, now: Timestamp) {
            Comment = entry.comment
            CreatedAt = entry.created?.secondsDescription ?? ""
            // Docker's table cuts CREATED BY to 45 characters.
            CreatedBy = full ? entry.createdBy : HumanFormat.ellipsis(entry.createdBy, width: 45)
            CreatedSince = !human ? CreatedAt : entry.created.map { HumanFormat.duration($0.interval(to: now)) + " ago" } ?? "N/A"
            ID = entry.imageID.map { full ? "sha256:" + $0 : Identifiers.short($0) } ?? "<missing>"
            Size = human ? HumanFormat.size(entry.size) : String(entry.size)
        }
    }

    func run() throws {
        let now = Timestamp.now()
        let rows = try makeEngine().images.history(of: image).map { Row($0, full: noTrunc, human: human, now: now) }
        print(try Output.render(rows, format: output.format, quiet: quiet ? \.ID : nil, columns: Row.columns(human: human)), terminator: "")
    }
}
