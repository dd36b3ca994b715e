import Glibc
import Runtime

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
///   in. A complete blob that no staging directory wants is needed by no running pull: the end of
///   every pull removes such blobs, and the start of every pull removes what killed pulls left -
///   staging directories no one holds and `.partial` files whose lock is free.
struct DownloadArea {
    let directory: String
    private let locks: String

    init(root: StateRoot) {
        directory = root.data + "/downloads"
        locks = root.locks
    }

    /// Held while a staging directory is made and locked, and while abandoned ones or unused blobs
    /// are removed, so that no pull removes another's directory before it is locked, nor a blob
    /// another has just said it wants.
    private var areaLockPath: String { locks + "/downloads" }

    func blobPath(_ digest: String) -> String { directory + "/sha256-" + Digest.hex(digest) }
    func partialPath(_ digest: String) -> String { blobPath(digest) + ".partial" }
    private func lockPath(_ digest: String) -> String { locks + "/blob-" + Digest.hex(digest) }

    /// The digest's lock, polled rather than waited for in flock(2): a blocked thread of Swift's
    /// small cooperative pool could hold up this pull's own downloads - and another pull's, which
    /// may be waiting for a lock this one holds.
    func lock(_ digest: String, whileWaiting: () -> Void) async throws -> FileLock {
        var told = false
        while true {
            if let lock = try FileLock.attempt(lockPath(digest)) { return lock }
            if !told { whileWaiting(); told = true }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// A staging directory for one pull that wants the blobs `digests`, held until the returned
    /// lock is released.
    func makeStaging(wanting digests: [String]) throws -> (String, FileLock) {
        try FileLock.with(areaLockPath) {
            try FileSystem.makeDirectories(directory, mode: 0o700)
            let path = directory + "/" + Self.stagingPrefix + Identifiers.newID().prefix(16)
            try FileSystem.makeDirectories(path, mode: 0o700)
            guard let lock = try FileLock.onDirectory(path, wait: false) else { throw RuntimeError.system("lock \(path)", EAGAIN) }
            for digest in digests {
                try FileSystem.writeAtomically(path + "/" + Self.wantPrefix + "sha256-" + Digest.hex(digest), [])
            }
            return (path, lock)
        }
    }

    private static let wantPrefix = "want-"

    static let stagingPrefix = ".pull-"

    /// What killed pulls left: their staging directories and their half-written blobs.
    func removeAbandoned() throws {
        try FileLock.with(areaLockPath) { removeAbandonedLocked() }
    }

    private func removeAbandonedLocked() {
        for entry in FileSystem.list(directory) {
            let path = directory + "/" + entry
            if entry.hasPrefix(Self.stagingPrefix) {
                guard let lock = try? FileLock.onDirectory(path, wait: false) else { continue }
                try? FileSystem.removeTree(path)
                lock.unlock()
            } else if entry.hasSuffix(".partial"), let digest = Self.digest(ofEntry: entry),
                      let lock = try? FileLock.attempt(lockPath(digest)) {
                unlink(path)
                lock.unlock()
            }
        }
    }

    /// Complete blobs that no running pull wants (and no pull is downloading or linking: their lock
    /// is free).
    func removeUnused() {
        try? FileLock.with(areaLockPath) {
            let entries = FileSystem.list(directory)
            let stagings = entries.filter { $0.hasPrefix(Self.stagingPrefix) }.map { directory + "/" + $0 }
            for entry in entries where !entry.hasSuffix(".partial") {
                guard let digest = Self.digest(ofEntry: entry), let lock = try? FileLock.attempt(lockPath(digest)) else { continue }
                if !stagings.contains(where: { FileSystem.exists($0 + "/" + Self.wantPrefix + entry) }) { unlink(directory + "/" + entry) }
                lock.unlock()
            }
        }
    }

    /// "sha256-<hex>[.partial]" -> "sha256:<hex>".
    private static func digest(ofEntry entry: String) -> String? {
        guard entry.hasPrefix("sha256-") else { return nil }
        let name = entry.hasSuffix(".partial") ? String(entry.dropLast(8)) : entry
        let digest = "sha256:" + name.dropFirst(7)
        return Digest.isValid(digest) ? digest : nil
    }
}
