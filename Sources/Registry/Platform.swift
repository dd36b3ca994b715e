import Runtime

/// os/architecture[/variant], as an index lists it and as `--platform` takes it.
public typealias Platform = OCIDescriptor.Platform

extension OCIDescriptor.Platform {
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard (2...3).contains(parts.count), parts.allSatisfy({ !$0.isEmpty }) else {
            throw RuntimeError(.invalidArgument, "invalid platform: \(Identifiers.printable(text)) (want os/arch[/variant])")
        }
        self.init(architecture: parts[1], os: parts[0], variant: parts.count == 3 ? parts[2] : nil)
    }

    /// The index's manifest for this platform: os and architecture equal, and the variant when both
    /// name one. An entry without a platform is not an image (attestations are such entries).
    func select(from manifests: [OCIDescriptor], in reference: RemoteReference) throws -> OCIDescriptor {
        let match = manifests.first { entry in
            guard let platform = entry.platform else { return false }
            return platform.os == os && platform.architecture == architecture
                && (variant == nil || platform.variant == nil || platform.variant == variant)
        }
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
