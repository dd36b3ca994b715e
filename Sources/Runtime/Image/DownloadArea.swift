import Glibc

/// Where pulls put blobs while they download: `downloads/` in the state root's data directory.
///
/// - `sha256-<hex>.partial` is a blob being written; `sha256-<hex>` one whose size and digest were
///   checked, renamed into place only then - so a pull killed at any moment leaves no file that
///   looks complete and is not.
/// - Each digest has a lock (`blob-<hex>` among the state root's locks): the one pull that holds it
///   downloads the blob, and a second pull that wants it waits, then finds it complete. So two pulls
///   of the same image download each layer once.
/// - Each pull names the blobs it wants in a staging directory of its own (`.pull-<random>`, locked
///   while the pull runs: an empty `want-sha256-<hex>` per blob, made with the directory), links
///   them there once they are complete, and hands those links to the image store, which moves them
///   in. The end of a pull removes the blobs it wanted that no other running pull wants.
/// - What a killed (or interrupted) pull leaves is kept for the next pull of those blobs, as Docker
///   keeps it: a `.partial` file is continued where it stopped (an HTTP Range request), a complete
///   blob is taken as it is. The start of a pull removes only staging directories no one holds;
///   `image prune` (`prune`) removes everything no running pull holds.
public struct DownloadArea: Sendable {
    public let directory: String
    private let locks: String

    public init(root: StateRoot) {
        directory = root.data + "/downloads"
        locks = root.locks
    }

    /// Held while a staging directory is made and locked, and while abandoned ones or unused blobs
    /// are removed, so that no pull removes another's directory before it is locked, nor a blob
    /// another has just said it wants.
    private var areaLockPath: String { locks + "/downloads" }

    public func blobPath(_ digest: String) -> String { directory + "/sha256-" + Self.hex(digest) }
    public func partialPath(_ digest: String) -> String { blobPath(digest) + ".partial" }
    private func lockPath(_ digest: String) -> String { locks + "/blob-" + Self.hex(digest) }

    private static func hex(_ digest: String) -> String { String(digest.dropFirst(Digest.prefix.count)) }

    /// The digest's lock, polled rather than waited for in flock(2): a blocked thread of Swift's
    /// small cooperative pool could hold up this pull's own downloads - and another pull's, which
    /// may be waiting for a lock this one holds.
    public func lock(_ digest: String, whileWaiting: () -> Void) async throws -> FileLock {
        var told = false
        while true {
            if let lock = try FileLock.attempt(lockPath(digest)) { return lock }
            if !told { whileWaiting(); told = true }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// A staging directory for one pull that wants the blobs `digests`, held until the returned
    /// lock is released.
    public func makeStaging(wanting digests: [String]) throws -> (String, FileLock) {
        try FileLock.with(areaLockPath) {
            try FileSystem.makeDirectories(directory, mode: 0o700)
            let path = directory + "/" + Self.stagingPrefix + Identifiers.newID().prefix(16)
            try FileSystem.makeDirectories(path, mode: 0o700)
            guard let lock = try FileLock.onDirectory(path, wait: false) else { throw RuntimeError.system("lock \(path)", EAGAIN) }
            for digest in digests {
                try FileSystem.writeAtomically(path + "/" + Self.wantPrefix + "sha256-" + Self.hex(digest), [])
            }
            return (path, lock)
        }
    }

    private static let wantPrefix = "want-"

    static let stagingPrefix = ".pull-"

    /// Staging directories of killed pulls (their blobs stay, for the next pull to continue).
    public func removeAbandonedStaging() throws {
        try FileLock.with(areaLockPath) {
            for entry in FileSystem.list(directory) where entry.hasPrefix(Self.stagingPrefix) {
                removeStagingIfAbandoned(directory + "/" + entry)
            }
        }
    }

    /// The end of a pull: its blobs `digests` that no other running pull wants or is downloading.
    public func release(_ digests: [String]) {
        try? FileLock.with(areaLockPath) {
            let stagings = stagings()
            for digest in digests where Digest.hex(digest) != nil {
                _ = removeBlobIfUnused("sha256-" + Self.hex(digest), stagings: stagings)
            }
        }
    }

    /// `image prune`: every staging directory, partial download and complete blob that no running
    /// pull holds. Returns the bytes freed.
    public func prune() throws -> UInt64 {
        try FileLock.with(areaLockPath) {
            var freed: UInt64 = 0
            for entry in FileSystem.list(directory) where entry.hasPrefix(Self.stagingPrefix) {
                removeStagingIfAbandoned(directory + "/" + entry)
            }
            let stagings = stagings()
            for entry in FileSystem.list(directory) where !entry.hasPrefix(Self.stagingPrefix) {
                freed += removeBlobIfUnused(entry, stagings: stagings)
            }
            return freed
        }
    }

    /// The staging directories (those of running pulls, once abandoned ones are removed). With the
    /// area's lock held.
    private func stagings() -> [String] {
        FileSystem.list(directory).filter { $0.hasPrefix(Self.stagingPrefix) }.map { directory + "/" + $0 }
    }

    /// Removes a staging directory no one holds (its files are empty, or links to blobs that stay).
    private func removeStagingIfAbandoned(_ path: String) {
        guard let lock = try? FileLock.onDirectory(path, wait: false) else { return }
        defer { lock.unlock() }
        try? FileSystem.removeTree(path)
    }

    /// Removes `entry` (a complete blob or a partial one) when no pull holds its digest's lock and,
    /// for a complete blob, no live staging directory wants it. Returns its size when removed.
    private func removeBlobIfUnused(_ entry: String, stagings: [String]) -> UInt64 {
        let path = directory + "/" + entry
        guard let digest = Self.digest(ofEntry: entry), let lock = try? FileLock.attempt(lockPath(digest)) else { return 0 }
        defer { lock.unlock() }
        let complete = !entry.hasSuffix(".partial")
        if complete && stagings.contains(where: { FileSystem.exists($0 + "/" + Self.wantPrefix + entry) }) { return 0 }
        var st = stat()
        guard lstat(path, &st) == 0, unlink(path) == 0 else { return 0 }
        // A complete blob the image store also holds (a hard link) frees nothing.
        return st.st_nlink > 1 ? 0 : UInt64(st.st_size)
    }

    /// "sha256-<hex>[.partial]" -> "sha256:<hex>".
    private static func digest(ofEntry entry: String) -> String? {
        guard entry.hasPrefix("sha256-") else { return nil }
        let name = entry.hasSuffix(".partial") ? String(entry.dropLast(8)) : entry
        let digest = Digest.prefix + name.dropFirst(7)
        return Digest.hex(digest) != nil ? digest : nil
    }
}
