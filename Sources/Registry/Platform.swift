import Runtime

/// os/architecture[/variant], as an index lists it and as `--platform` takes it.
public typealias Platform = OCIDescriptor.Platform

extension OCIDescriptor.Platform {
    /// The index's manifest for this platform: os and architecture equal, and the variant when both
    /// name one. An entry without a platform is not an image (attestations are such entries).
    func select(from manifests: [OCIDescriptor], in reference: RemoteReference) throws -> OCIDescriptor {
        let match = manifests.first { $0.platform?.matches(self) ?? false }
        if let match { return match }
        var listed: [String] = []
        for platform in manifests.compactMap(\.platform) where !listed.contains(platform.description) {
            listed.append(platform.description)
        }
        throw RuntimeError(
            .invalidArgument,
            "no matching manifest for \(description) in the manifest list entries of \(reference) (it has: \(listed.isEmpty ? "none" : listed.joined(separator: ", ")))")
    }
}
