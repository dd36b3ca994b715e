import ArgumentParser
import Runtime

struct Images: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "images", abstract: "List images.")

    @Flag(name: [.customShort("a"), .customLong("all")], help: "Show all images, also intermediate ones no name lists.")
    var all = false

    @Flag(name: [.customShort("q"), .customLong("quiet")], help: "Only show image IDs.")
    var quiet = false

    @Flag(help: "Show the manifest digest a load or pull recorded.")
    var digests = false

    @Flag(name: .customLong("no-trunc"), help: "Do not truncate IDs.")
    var noTrunc = false

    @Option(
        name: [.customShort("f", allowingJoined: true), .customLong("filter")],
        help: "dangling=true|false, reference=PATTERN (a glob over NAME or NAME:TAG), before=IMAGE, since=IMAGE, label=KEY[=VALUE]; several are all to match.")
    var filters: [String] = []

    @OptionGroup var output: FormatOption

    @Argument(help: "Only images whose NAME or NAME:TAG matches this (a glob, as --filter reference=).")
    var reference: String?

    /// docker's `images --format json` fields.
    struct Row: ListRow {
        var Containers = "N/A", SharedSize = "N/A", UniqueSize = "N/A"
        var CreatedAt, CreatedSince, Digest, ID, Repository, Size, Tag, VirtualSize: String

        init(_ image: ImageListing, now: Timestamp, truncate: Bool) {
            let record = image.record
            CreatedAt = image.created.goDescription
            CreatedSince = image.created.isZero ? "N/A" : HumanFormat.duration(image.created.interval(to: now)) + " ago"
            Digest = record.digest ?? ImageRecord.none
            ID = truncate ? Identifiers.short(record.id) : "sha256:" + record.id
            Repository = record.repository
            Size = HumanFormat.size(record.size)
            Tag = record.tag
            VirtualSize = HumanFormat.size(record.size, digits: 4)  // Docker's CLI: units.HumanSize
        }

        static var columns: [Column<Row>] { columns(digests: false) }

        static func columns(digests: Bool) -> [Column<Row>] {
            [Column("Repository", \.Repository), Column("Tag", \.Tag)] + (digests ? [Column("Digest", \.Digest)] : [])
                + [Column("ID", \.ID), Column("CreatedSince", \.CreatedSince), Column("Size", \.Size)]
        }

        static let headers = [
            "Containers": "CONTAINERS", "CreatedAt": "CREATED AT", "CreatedSince": "CREATED", "Digest": "DIGEST", "ID": "IMAGE ID",
            "Repository": "REPOSITORY", "SharedSize": "SHARED SIZE", "Size": "SIZE", "Tag": "TAG", "UniqueSize": "UNIQUE SIZE",
            "VirtualSize": "SIZE",
        ]
    }

    func run() throws {
        let store = makeEngine().images
        // As Docker's CLI: `images busybox` is `images --filter reference=busybox`.
        let filter = try ImageFilter(filters + (reference.map { ["reference=" + $0] } ?? []), store: store)
        let images = try store.listing(all: all).filter(filter.matches)
        let now = Timestamp.now()
        let rows = images.map { Row($0, now: now, truncate: !noTrunc) }
        let columns = Row.columns(digests: digests)
        print(try Output.render(rows, format: output.format, quiet: quiet ? \.ID : nil, columns: columns), terminator: "")
    }
}
