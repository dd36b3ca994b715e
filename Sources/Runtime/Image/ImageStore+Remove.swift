/// `rmi` and `image prune`, by Docker's rules (its daemon's ImageDelete and ImagesPrune).
///
/// An image's references are its tags and its digest references (REPOSITORY@DIGEST, the manifest
/// digest a load or pull recorded on a name). Removing a tag or a digest reference untags; the
/// image itself goes with its last reference. Removing by ID removes every reference first, which
/// takes `-f` when there is more than one tag (or references in several repositories). A container
/// using the image refuses its removal unless forced - a running one even then, by ID. An image
/// a container still uses is never deleted from under it, forced or not: it stays, untagged
/// (listed as <none>:<none>), until that container is removed and a prune or rmi takes it. A layer
/// stays while any image uses it.
extension ImageStore {
    public func remove(_ reference: String, force: Bool, users: [String: ImageUsers]) throws -> [ImageRemoval] {
        try FileLock.with(lockPath) {
            var images = try list()
            let target = try resolve(reference)
            let id = target.id
            let use = users[id] ?? ImageUsers()
            var report: [ImageRemoval] = []
            let isID = Self.digestReference(reference) == nil && (try? ImageReference(parsing: reference))
                .map { parsed in !images.contains { $0.reference == parsed } } ?? true

            if !isID {
                if !force, Self.isSingleReference(images.filter { $0.id == id }), let container = use.any {
                    throw RuntimeError(
                        .conflict,
                        "conflict: unable to remove repository reference \"\(Identifiers.printable(reference))\" (must force) - container \(Identifiers.short(container)) is using its referenced image \(Identifiers.short(id))")
                }
                if let (repository, digest) = Self.digestReference(reference) {
                    report.append(.untagged(repository + "@" + digest))
                    images.removeAll { $0.id == id && $0.isUntagged && $0.digest == digest }
                    for i in images.indices where images[i].id == id && images[i].repository == repository && images[i].digest == digest {
                        images[i].digest = nil
                    }
                } else {
                    report += Self.untag(target, in: &images)
                }
                if !Self.references(of: id, in: images).isEmpty {
                    try writeIndex(images)
                    return report
                }
                // The last reference went: the image goes too, unless a container uses it.
                if use.any != nil {
                    keepUntagged(target, in: &images)
                    try writeIndex(images)
                    return report
                }
            } else {
                // Docker's order of refusals: a running container, other references, a stopped container.
                let references = Self.references(of: id, in: images)
                if let running = use.running {
                    throw RuntimeError(
                        .conflict,
                        "conflict: unable to delete \(Identifiers.short(id)) (cannot be forced) - image is being used by running container \(Identifiers.short(running))")
                }
                if !force, !references.isEmpty, !Self.isSingleReference(images.filter { $0.id == id }) {
                    throw RuntimeError(
                        .conflict, "conflict: unable to delete \(Identifiers.short(id)) (must be forced) - image is referenced in multiple repositories")
                }
                if !force, let stopped = use.stopped {
                    throw RuntimeError(
                        .conflict,
                        "conflict: unable to delete \(Identifiers.short(id)) (must be forced) - image is being used by stopped container \(Identifiers.short(stopped))")
                }
                report += references.map { .untagged($0) }
                images.removeAll { $0.id == id }
                if use.any != nil {
                    keepUntagged(target, in: &images)
                    try writeIndex(images)
                    return report
                }
            }
            images.removeAll { $0.id == id }
            try writeIndex(images)
            let (deleted, _) = try deleteContent(of: [id], images: images, inUse: Set(users.keys))
            return report + deleted
        }
    }

    /// `image prune`: every dangling image (no tag, no digest reference) no container uses, or with
    /// `all` every image no container uses - of the image IDs in `chosen` when it is given (the
    /// ones prune's filters chose); and what killed loads left. Returns what went and the bytes of
    /// the layers removed.
    public func prune(all: Bool, among chosen: Set<String>? = nil, users: [String: ImageUsers]) throws
        -> (removed: [ImageRemoval], reclaimed: UInt64)
    {
        try FileLock.with(lockPath) {
            var images = try list()
            var report: [ImageRemoval] = []
            var reclaimed: UInt64 = 0
            var seen = Set<String>()
            for id in images.map(\.id) where seen.insert(id).inserted && users[id] == nil && chosen?.contains(id) ?? true {
                let references = Self.references(of: id, in: images)
                guard all || references.isEmpty else { continue }
                report += references.map { .untagged($0) }
                images.removeAll { $0.id == id }
                try writeIndex(images)
                let (deleted, bytes) = try deleteContent(of: [id], images: images, inUse: Set(users.keys))
                report += deleted
                reclaimed += bytes
            }
            try removeUnreferencedContent(images, inUse: Set(users.keys))
            return (report, reclaimed)
        }
    }

    /// Removes one tag; when no other tag of its repository is left on the image, its digest
    /// references in that repository go too (Docker does the same). Another tag of the repository
    /// inherits the digest reference otherwise.
    private static func untag(_ record: ImageRecord, in images: inout [ImageRecord]) -> [ImageRemoval] {
        images.removeAll { $0 == record }
        var report: [ImageRemoval] = [.untagged(record.reference.description)]
        guard let digestReference = record.digestReference else { return report }
        let sibling = images.firstIndex { $0.id == record.id && $0.repository == record.repository && !$0.isUntagged }
        if let sibling {
            if images[sibling].digest == nil { images[sibling].digest = record.digest }
        } else if !images.contains(where: { $0.digestReference == digestReference }) {
            report.append(.untagged(digestReference))
        }
        return report
    }

    /// An image a container still uses stays listed, as <none>:<none>.
    private func keepUntagged(_ record: ImageRecord, in images: inout [ImageRecord]) {
        images.removeAll { $0.id == record.id }
        images.append(ImageRecord(repository: ImageRecord.none, tag: ImageRecord.none, id: record.id, created: record.created, size: record.size))
    }

    /// The image's tags, then its digest references, as Docker names them.
    static func references(of id: String, in images: [ImageRecord]) -> [String] {
        let records = images.filter { $0.id == id }
        var digests: [String] = []
        for reference in records.compactMap(\.digestReference) where !digests.contains(reference) { digests.append(reference) }
        return records.filter { !$0.isUntagged }.map(\.reference.description) + digests
    }

    /// Docker's isSingleReference: every reference in one repository, and at most one tag.
    static func isSingleReference(_ records: [ImageRecord]) -> Bool {
        let tags = records.filter { !$0.isUntagged }
        let repositories = Set(tags.map(\.repository) + records.compactMap { $0.digestReference == nil ? nil : $0.repository })
        return tags.count <= 1 && repositories.count == 1
    }

    /// Deletes the content of images no name lists any more (their records are already gone from
    /// `images`) and reports it: each image, then each layer no other image uses (top first), with
    /// the bytes those layers held.
    private func deleteContent(of ids: [String], images: [ImageRecord], inUse: Set<String>) throws -> ([ImageRemoval], UInt64) {
        let contents = ids.map { (try? content(of: $0)) ?? nil }
        try removeUnreferencedContent(images, inUse: inUse)
        var report: [ImageRemoval] = []
        var bytes: UInt64 = 0
        for (id, content) in zip(ids, contents) {
            report.append(.deleted(Digest.prefix + id))
            for layer in (content?.layers ?? []).reversed() {
                guard let hex = Digest.hex(layer.chainID), !FileSystem.exists(layers + "/" + hex) else { continue }
                report.append(.deleted(layer.chainID))
                bytes += layer.size
            }
        }
        return (report, bytes)
    }
}

/// What a removal did, line by line, as Docker reports it.
public enum ImageRemoval: Sendable, Equatable {
    /// A reference removed: "busybox:latest" or "busybox@sha256:...".
    case untagged(String)
    /// "sha256:<hex>": the image (its ID), or one of its layers (its chain ID).
    case deleted(String)
}

/// The containers using one image, as Docker's refusals name them: one running, one stopped.
public struct ImageUsers: Sendable, Equatable {
    public var running: String?
    public var stopped: String?

    public init(running: String? = nil, stopped: String? = nil) {
        self.running = running
        self.stopped = stopped
    }

    public var any: String? { running ?? stopped }
}
