/// What `images` lists: each name of an image (an untagged image once, as <none>:<none>) with the
/// time its config says it was created.
public struct ImageListing: Sendable {
    public var record: ImageRecord
    /// The config's `created` (Docker's CREATED), else when the store named the image.
    public var created: Timestamp
}

extension ImageStore {
    /// Every name in the index; with `all` also the complete images no name lists (a build's
    /// intermediate steps), as <none>:<none>, as `images -a` shows them. Newest first.
    public func listing(all: Bool) throws -> [ImageListing] {
        var records = try list()
        if all {
            let listed = Set(records.map(\.id))
            for entry in FileSystem.list(contents) where entry.hasSuffix(".json") {
                let id = String(entry.dropLast(".json".count))
                guard !listed.contains(id), let content = try? content(of: id) else { continue }
                records.append(ImageRecord(
                    repository: ImageRecord.none, tag: ImageRecord.none, id: id, created: .zero, size: content.layers.reduce(0) { $0 + $1.size }))
            }
        }
        var created: [String: Timestamp] = [:]
        for record in records where created[record.id] == nil {
            created[record.id] = ((try? config(of: record.id))?.created).flatMap(Timestamp.init) ?? record.created
        }
        return records.map { ImageListing(record: $0, created: created[$0.id]!) }.sorted { $0.created > $1.created }
    }
}

extension Timestamp {
    /// As Go's time.Time prints itself in UTC, what Docker's `--format json` shows for CreatedAt:
    /// "2024-05-01 12:00:00 +0000 UTC".
    public var goDescription: String {
        let text = description
        return String(text.prefix(10)) + " " + String(text.dropFirst(11).prefix(8)) + " +0000 UTC"
    }
}
