import CRuntimeShims
import Glibc

/// The image store: images/<id>/rootfs holds an unpacked tarball (never written to again) and
/// images/index.json names it. All changes happen under images/lock.
public struct ImageStore: Sendable {
    public let root: StateRoot

    public init(root: StateRoot) {
        self.root = root
    }

    var indexPath: String { root.images + "/index.json" }
    var lockPath: String { root.images + "/lock" }

    public func rootfs(id: String) -> String { root.images + "/" + id + "/rootfs" }

    public func list() throws -> [ImageRecord] {
        guard let bytes = try FileSystem.read(indexPath) else { return [] }
        do {
            return try StateJSON.decode([ImageRecord].self, from: bytes)
        } catch {
            throw RuntimeError(.damaged, "image index \(indexPath) is damaged", cause: error)
        }
    }

    /// A name[:tag], or an ID (or unique ID prefix, optionally "sha256:"-prefixed).
    public func resolve(_ reference: String) throws -> ImageRecord {
        let images = try list()
        if let parsed = try? ImageReference(parsing: reference),
           let match = images.first(where: { $0.repository == parsed.repository && $0.tag == parsed.tag }) {
            return match
        }
        let prefix = reference.hasPrefix("sha256:") ? String(reference.dropFirst(7)) : reference
        if prefix.count >= 4, prefix.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) {
            let ids = Set(images.filter { $0.id.hasPrefix(prefix) }.map(\.id))
            if ids.count == 1, let match = images.first(where: { $0.id == ids.first }) { return match }
        }
        throw RuntimeError(.notFound, "Unable to find image '\(Identifiers.printable(reference))' locally")
    }

    /// Unpacks a tarball read from `fd` and names it `reference`. The tarball is extracted into a
    /// temporary directory first, so a refused or broken archive leaves nothing behind.
    /// `inUse` holds the image IDs containers use: their content stays even when no tag names it.
    /// `config` is the image's config (see `config(of:)`).
    public func importTarball(
        fd: Int32, reference: ImageReference, allowDevices: Bool = false, inUse: Set<String>, config: OCIImageConfig
    ) throws -> ImageRecord {
        try FileSystem.makeDirectories(root.images, mode: 0o700)
        let (staging, stagingLock) = try makeStaging()
        defer { stagingLock.unlock() }
        let extracted: ExtractedArchive
        do {
            extracted = try ImageArchive.extract(from: fd, into: staging + "/rootfs", allowDevices: allowDevices)
        } catch {
            _ = mr_archive_make_removable(staging)
            try? FileSystem.removeTree(staging)
            throw RuntimeError.wrapping(error)
        }
        EtcMountPoints.add(to: staging + "/rootfs")
        return try FileLock.with(lockPath) {
            let destination = root.images + "/" + extracted.sha256
            if FileSystem.exists(destination) {
                try FileSystem.removeTree(staging)
            } else if rename(staging, destination) != 0 {
                let saved = errno
                try? FileSystem.removeTree(staging)
                throw RuntimeError.system("rename \(staging)", saved)
            }
            try writeConfig(config, of: extracted.sha256)
            let record = ImageRecord(
                repository: reference.repository, tag: reference.tag, id: extracted.sha256,
                created: .now(), size: extracted.unpackedBytes)
            var images = try list().filter { $0.reference != reference }
            images.append(record)
            try save(images)
            try removeUnreferencedContent(images, inUse: inUse)
            removeAbandonedStaging()
            return record
        }
    }

    /// A staging directory `.import-<random>` for one import, locked by it until the import ends:
    /// made and locked under the store's lock, so `removeAbandonedStaging` never takes one that is
    /// about to be locked.
    private func makeStaging() throws -> (String, FileLock) {
        try FileLock.with(lockPath) {
            let staging = root.images + "/" + Self.stagingPrefix + Identifiers.newID().prefix(16)
            try FileSystem.makeDirectories(staging + "/rootfs")
            guard let lock = try FileLock.onDirectory(staging) else { throw RuntimeError.system("open \(staging)", ENOENT) }
            return (staging, lock)
        }
    }

    private static let stagingPrefix = ".import-"

    /// Removes the staging directories of imports that were killed or crashed: those whose lock no
    /// import holds. Called with the store's lock held.
    func removeAbandonedStaging() {
        for entry in FileSystem.list(root.images) where entry.hasPrefix(Self.stagingPrefix) {
            let path = root.images + "/" + entry
            guard let lock = try? FileLock.onDirectory(path, wait: false) else { continue }
            defer { lock.unlock() }
            _ = mr_archive_make_removable(path)
            try? FileSystem.removeTree(path)
        }
    }

    /// `system reset`: the staging directories that killed imports left.
    public func removeLeftovers() throws {
        try FileLock.with(lockPath) { removeAbandonedStaging() }
    }

    /// Untags `reference`; the content goes when no tag is left. Removing the last tag is refused
    /// while a container uses the image.
    /// `users` maps image IDs to a container using each.
    public func remove(_ reference: String, users: [String: String]) throws -> ImageRecord {
        try FileLock.with(lockPath) {
            let record = try resolve(reference)
            let lastTag = try list().filter { $0.id == record.id }.count == 1
            if lastTag, let container = users[record.id] {
                throw RuntimeError(.conflict,
                    "conflict: unable to remove image \(reference) (must force) - image is being used by container \(Identifiers.short(container))")
            }
            let images = try list().filter { $0 != record }
            try save(images)
            try removeUnreferencedContent(images, inUse: Set(users.keys))
            return record
        }
    }

    func save(_ images: [ImageRecord]) throws {
        try FileSystem.writeAtomically(indexPath, try StateJSON.encode(images, indented: true))
    }

    /// Deletes unpacked content no tag names (also what an import killed midway left behind).
    func removeUnreferencedContent(_ images: [ImageRecord], inUse: Set<String>) throws {
        let kept = Set(images.map(\.id)).union(inUse)
        for entry in FileSystem.list(root.images) where entry.count == 64 && !kept.contains(entry) {
            try FileSystem.removeTree(root.images + "/" + entry)
        }
    }
}
