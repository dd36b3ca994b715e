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
    /// The image's history, newest step first. Each step that made a layer (not `empty_layer`) has
    /// the size of the next of the image's layers, bottom first, as Docker pairs them.
    public func history(of reference: String) throws -> [ImageHistoryEntry] {
        _ = try list()  // a damaged index is reported as such, not as a missing image
        let image = try resolve(reference)
        let steps = try config(of: image.id).history ?? []
        // An image imported before images had layers has no content record: its one layer is all of it.
        var layerSizes = try content(of: image.id)?.layers.map(\.size) ?? [image.size]
        var entries = steps.map { step in
            let size = step.emptyLayer == true || layerSizes.isEmpty ? 0 : layerSizes.removeFirst()
            return ImageHistoryEntry(
                imageID: nil, created: step.created.flatMap(Timestamp.init), createdBy: step.createdBy ?? "",
                size: size, comment: step.comment ?? "")
        }
        if entries.isEmpty {
            // A config without history (an image imported before configs were kept): its import is its one step.
            entries = [ImageHistoryEntry(imageID: nil, created: image.created, createdBy: "", size: image.size, comment: "")]
        }
        entries.reverse()
        entries[0].imageID = image.id
        return entries
    }
}
