/// What `images` lists: each name of an image (an untagged image once, as <none>:<none>) with the
/// time its config says it was created.
public struct ImageListing: Sendable {
    public var record: ImageRecord
    /// The config's `created` (Docker's CREATED), else when the store named the image.
    public var created: Timestamp
    /// The config's labels (`images --filter label=...`).
    public var labels: [String: String]
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
        var described: [String: (Timestamp, [String: String])] = [:]
        for record in records where described[record.id] == nil {
            let imageConfig = try? config(of: record.id)
            described[record.id] = (created(imageConfig, record), imageConfig?.config?.labels ?? [:])
        }
        return records.map { ImageListing(record: $0, created: described[$0.id]!.0, labels: described[$0.id]!.1) }
            .sorted { $0.created > $1.created }
    }

    /// When the image `reference` names was created, as `listing` shows it (`images --filter
    /// before=/since=`).
    public func created(_ reference: String) throws -> Timestamp {
        let record = try resolve(reference)
        return created(try? config(of: record.id), record)
    }

    private func created(_ config: OCIImageConfig?, _ record: ImageRecord) -> Timestamp {
        config?.created.flatMap(Timestamp.init) ?? record.created
    }
}

extension Timestamp {
    /// As Go's time.Time prints itself in UTC, what Docker's `--format json` shows for CreatedAt:
    /// "2024-05-01 12:00:00 +0000 UTC".
    public var goDescription: String {
        let text = description
        return String(text.prefix(10)) + " " + String(text.dropFirst(11).prefix(8)) + " +0000 UTC"
    }

    /// As Go prints a time.Time that keeps its nanoseconds (trailing zeros dropped), what `network
    /// ls` shows for CreatedAt: "2024-05-01 12:00:00.4738672 +0000 UTC".
    public var goPreciseDescription: String {
        var fraction = String(description.dropFirst(20).prefix(9))
        while fraction.last == "0" { fraction.removeLast() }
        let text = goDescription
        return fraction.isEmpty ? text : String(text.prefix(19)) + "." + fraction + String(text.dropFirst(19))
    }
}
