import ArgumentParser
import Glibc
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

    @Option(name: [.customShort("f"), .customLong("filter")], help: "dangling=true|false, reference=PATTERN (a glob over NAME or NAME:TAG).")
    var filters: [String] = []

    @OptionGroup var output: FormatOption

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
            VirtualSize = Size
        }

        static var columns: [Column<Row>] { columns(digests: false) }

        static func columns(digests: Bool) -> [Column<Row>] {
            [Column("REPOSITORY", \.Repository), Column("TAG", \.Tag)] + (digests ? [Column("DIGEST", \.Digest)] : [])
                + [Column("IMAGE ID", \.ID), Column("CREATED", \.CreatedSince), Column("SIZE", \.Size)]
        }
    }

    func run() throws {
        let filter = try ImageFilter(filters)
        let images = try makeEngine().images.listing(all: all).filter(filter.matches)
        let now = Timestamp.now()
        let rows = images.map { Row($0, now: now, truncate: !noTrunc) }
        let columns = Row.columns(digests: digests)
        print(try Output.render(rows, format: output.format, quiet: quiet ? \.ID : nil, columns: columns), terminator: "")
    }
}

/// `images --filter`: every given key must match; several values of one key match any of them.
struct ImageFilter {
    var dangling: Bool?
    var references: [String] = []

    init(_ filters: [String]) throws {
        for filter in filters {
            let parts = filter.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw UsageError("bad format of filter (expected name=value): \(filter)") }
            switch parts[0] {
            case "dangling":
                guard let value = ["true": true, "1": true, "false": false, "0": false][parts[1]] else {
                    throw UsageError("invalid filter 'dangling=\(parts[1])'")
                }
                dangling = value
            case "reference": references.append(parts[1])
            default: throw UsageError("invalid filter '\(parts[0])'")
            }
        }
    }

    /// A dangling row is an image with no name; a reference pattern is a glob over NAME or
    /// NAME:TAG, '*' not crossing '/' (Go's path.Match, as Docker's FamiliarMatch).
    func matches(_ image: ImageListing) -> Bool {
        let record = image.record
        if let dangling, dangling != (record.repository == ImageRecord.none) { return false }
        if references.isEmpty { return true }
        guard record.repository != ImageRecord.none else { return false }
        let names = [record.repository, record.reference.description]
        return references.contains { (pattern: String) -> Bool in
            names.contains { (name: String) -> Bool in fnmatch(pattern, name, FNM_PATHNAME) == 0 }
        }
    }
}
