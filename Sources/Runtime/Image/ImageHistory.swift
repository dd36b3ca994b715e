/// One step of how an image was made, as `image history` lists it.
public struct ImageHistoryEntry: Sendable, Equatable {
    /// The image ID for the newest step, nil for the steps before it (Docker's "<missing>").
    public var imageID: String?
    public var created: Timestamp?
    public var createdBy: String
    /// The bytes the step's layer added; 0 for a step that made none (ENV, CMD, ...).
    public var size: UInt64
    public var comment: String
}

extension ImageStore {
    /// The image's history, newest step first. This store keeps one layer per image, so the first
    /// step that made a layer has the image's whole size.
    public func history(of reference: String) throws -> [ImageHistoryEntry] {
        _ = try list()  // a damaged index is reported as such, not as a missing image
        guard let image = try? resolve(reference) else { throw RuntimeError.notFound("image", Identifiers.printable(reference)) }
        let steps = try config(of: image.id).history ?? []
        var sizedLayer = false
        var entries = steps.map { step in
            let makesLayer = step.emptyLayer != true && !sizedLayer
            if makesLayer { sizedLayer = true }
            return ImageHistoryEntry(
                imageID: nil, created: step.created.flatMap(Timestamp.init), createdBy: step.createdBy ?? "",
                size: makesLayer ? image.size : 0, comment: step.comment ?? "")
        }
        if entries.isEmpty {
            // An image imported before configs were kept: the import is its one step.
            entries = [ImageHistoryEntry(imageID: nil, created: image.created, createdBy: "", size: image.size, comment: "")]
        }
        entries.reverse()
        entries[0].imageID = image.id
        return entries
    }
}
