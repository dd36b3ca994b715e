import CRuntimeShims
import Glibc

/// Containers on disk: containers/<id>/container.json plus the container's files, and
/// names/<name> holding the ID that owns the name (created with O_EXCL, so two minirun processes
/// can never take the same name). Changes to one container happen under its lock.
public struct ContainerStore: Sendable {
    public let root: StateRoot
    private let written = WrittenRecords()

    public init(root: StateRoot) {
        self.root = root
    }

    public func directory(_ id: String) -> String { root.container(id) }
    func recordPath(_ id: String) -> String { directory(id) + "/container.json" }

    /// Held while a container's record is read, changed and written, so that two commands never
    /// interleave on it. Short: never held across a wait. A flock on the container's directory:
    /// a lock file would be one more file made and removed with every container.
    public func lock(_ id: String) throws -> FileLock {
        guard let lock = try lockIfPresent(id) else { throw RuntimeError.notFound("container", id) }
        return lock
    }

    /// The same lock, or nil when the container has been removed.
    public func lockIfPresent(_ id: String) throws -> FileLock? {
        try FileLock.onDirectory(directory(id))
    }

    /// Held for a whole start, stop or removal, so that two of them never run on one container at
    /// once (two starts would give it two processes).
    public func operationLock(_ id: String) throws -> FileLock {
        try FileLock(root.locks + "/" + id + ".op")
    }

    /// The operation lock when no command holds it.
    public func attemptOperationLock(_ id: String) throws -> FileLock? {
        try FileLock.attempt(root.locks + "/" + id + ".op")
    }

    /// Makes the container's directory with its first record in a staging directory, claims the
    /// name, and renames the directory into place: a container directory always has a record, and a
    /// name always has its container or its staging directory. A crash in between leaves a staging
    /// directory or a name without either, which a later `create` removes.
    public func create(_ record: ContainerRecord) throws {
        try FileSystem.makeDirectories(root.names, mode: 0o700)
        try FileSystem.makeDirectories(root.containers, mode: 0o700)
        // Every container's directory starts a hierarchy of its own. Left beside each other, ext4
        // without a journal scans past every inode freed in the last minutes before it reuses one:
        // 1,500 runs in a row took a run from 5 to 10 ms. Best effort: other filesystems have no such flag.
        _ = mr_mark_top_directory(root.containers)
        let entries = FileSystem.list(root.containers)
        removeAbandoned(entries)
        // Held from before the staging directory exists until it is renamed, so a later create can
        // tell a staging directory whose create died.
        let creating = try FileLock(creationLock(record.id))
        defer {
            FileSystem.remove(creationLock(record.id))
            creating.unlock()
        }
        let staging = root.containers + "/" + Self.stagingPrefix + record.id
        if !takeSpare(entries, as: staging) {
            try FileSystem.makeDirectories(staging, mode: 0o700)
        }
        do {
            try reserve(name: record.name, for: record.id)
        } catch {
            try? FileSystem.removeTree(staging)
            throw error
        }
        do {
            // Written in place: no one reads a staging directory's record before the rename.
            let bytes = try StateJSON.encode(record)
            try FileSystem.write(staging + "/container.json", bytes, mode: 0o600)
            written.remember(record, writtenAs: bytes)
            try FileSystem.rename(staging, to: directory(record.id))
        } catch {
            try? FileSystem.removeTree(staging)
            FileSystem.remove(root.names + "/" + record.name)
            throw error
        }
    }

    static let stagingPrefix = ".new-"

    /// Directories of removed containers, emptied but for an empty `work` and the `trash`, which
    /// creates take over (see `recycle`).
    static let sparePrefix = ".spare-"
    static let maximumSpares = 8
    static let trashName = "trash"
    /// What `recycle` moves to the trash rather than removing (`upper` emptied first).
    static let movedToTrash = ["upper", "container.json"] + EtcFiles.fileNames

    /// Renames a spare directory to `staging`; false when there is none left (another create may
    /// take one first: the rename then fails, and the next is tried).
    private func takeSpare(_ entries: [String], as staging: String) -> Bool {
        entries.contains { $0.hasPrefix(Self.sparePrefix) && rename(root.containers + "/" + $0, staging) == 0 }
    }

    /// Empties a removed container's directory but for its `work`, itself emptied, and keeps it as a
    /// spare for the next create, unless `maximumSpares` are kept already. On this kind of disk,
    /// making and removing the directory and `work` were two inodes to allocate and free and two
    /// discards to wait for in every run (0.3 ms together), and a directory taken over sits in a
    /// block group already in memory. Returns the spare's path, or nil when the directory went.
    ///
    /// What every container makes anew and whose blocks are on disk by the time it goes - `upper`
    /// (emptied first: what the container wrote is freed now), the directories overlayfs made in
    /// `work`, the record and the /etc files, which ext4 writes out when a rename or a truncation
    /// replaces their content - is moved to the spare's `trash` rather than removed: freeing each
    /// block waits for the disk to discard it, 0.5 ms in all. The next container that takes the
    /// spare removes the trash while it runs (`emptyTrash`). Logs go at once: they can be large.
    private func recycle(_ directory: String) throws -> String? {
        let spares = FileSystem.list(root.containers).filter { $0.hasPrefix(Self.sparePrefix) }
        guard spares.count < Self.maximumSpares else {
            try FileSystem.removeTree(directory)
            return nil
        }
        do {
            let trash = directory + "/" + Self.trashName
            try FileSystem.makeDirectories(trash, mode: 0o700)
            let batch = trash + "/" + Identifiers.newID().prefix(16)  // apart from what an earlier removal left
            for entry in FileSystem.list(directory) where entry != "work" && entry != Self.trashName {
                let path = directory + "/" + entry
                if entry == "upper" {
                    for child in FileSystem.list(path) { try FileSystem.removeTree(path + "/" + child) }
                }
                if Self.movedToTrash.contains(entry) {
                    try FileSystem.rename(path, to: batch + "-" + entry)
                } else {
                    try FileSystem.removeTree(path)
                }
            }
            for entry in FileSystem.list(directory + "/work") {
                try FileSystem.rename(directory + "/work/" + entry, to: batch + "-work-" + entry)
            }
        } catch {
            // A full disk, on which even a trash directory cannot be made: freeing is what it needs.
            try FileSystem.removeTree(directory)
            return nil
        }
        let spare = root.containers + "/" + Self.sparePrefix + Identifiers.newID().prefix(16)
        if rename(directory, spare) == 0 { return spare }
        try FileSystem.removeTree(directory)
        return nil
    }

    /// Removes the trash of the spare this container took over (see `recycle`) on a thread of its
    /// own, while the container runs; nil when there is none.
    public func emptyTrash(_ id: String) -> BackgroundRemoval? {
        let trash = directory(id) + "/" + Self.trashName
        return FileSystem.exists(trash) ? BackgroundRemoval(trash) : nil
    }

    /// The spares, which `system reset` removes with the containers.
    public func removeSpares() throws {
        for entry in FileSystem.list(root.containers) where entry.hasPrefix(Self.sparePrefix) {
            try FileSystem.removeTree(root.containers + "/" + entry)
        }
    }

    private func creationLock(_ id: String) -> String { root.locks + "/" + id + ".creating" }

    /// What creates that died left: staging directories whose create no longer holds its lock,
    /// then names whose container has neither its directory nor a staging directory.
    private func removeAbandoned(_ entries: [String]) {
        for entry in entries where entry.hasPrefix(Self.stagingPrefix) {
            let id = String(entry.dropFirst(Self.stagingPrefix.count))
            guard let lock = try? FileLock.attempt(creationLock(id)) else { continue }
            try? FileSystem.removeTree(root.containers + "/" + entry)
            FileSystem.remove(creationLock(id))
            lock.unlock()
        }
        for name in FileSystem.list(root.names) {
            let path = root.names + "/" + name
            if name.hasPrefix(Self.stagingPrefix) {
                // The filled file a create links its name from; its create holds its lock while it lives.
                let id = String(name.dropFirst(Self.stagingPrefix.count))
                if let lock = try? FileLock.attempt(creationLock(id)) {
                    FileSystem.remove(path)
                    FileSystem.remove(creationLock(id))
                    lock.unlock()
                }
                continue
            }
            guard let owner = try? FileSystem.readString(path), !owner.isEmpty else { continue }
            if !FileSystem.exists(directory(owner)) && !FileSystem.exists(root.containers + "/" + Self.stagingPrefix + owner) {
                FileSystem.remove(path)
            }
        }
    }

    public func isNameTaken(_ name: String) -> Bool {
        FileSystem.exists(root.names + "/" + name)
    }

    /// Links a file already holding the ID to the name, so a name file is never seen empty: link(2)
    /// either makes the whole name or fails because it is taken.
    private func reserve(name: String, for id: String) throws {
        let path = root.names + "/" + name
        let filled = root.names + "/" + Self.stagingPrefix + id
        try FileSystem.write(filled, Array(id.utf8), mode: 0o644)
        defer { FileSystem.remove(filled) }
        for _ in 0..<2 {
            if link(filled, path) == 0 { return }
            if errno != EEXIST { throw RuntimeError.system("link \(path)") }
            let owner = try FileSystem.readString(path) ?? ""
            if owner.count == 64, FileSystem.exists(recordPath(owner)) || FileSystem.exists(root.containers + "/" + Self.stagingPrefix + owner) {
                throw RuntimeError(.conflict,
                    "Conflict. The container name \"/\(name)\" is already in use by container \"\(owner)\". You have to remove (or rename) that container to be able to reuse that name.")
            }
            FileSystem.remove(path)  // left by a create that died before its container existed
        }
        throw RuntimeError(.conflict, "could not reserve the name \(name)")
    }

    /// Gives a container another name: the new name is claimed first (refused as `create` refuses a
    /// taken one), then the record changes under the container's lock, then the old name is freed.
    /// Returns the name it had.
    public func changeName(_ id: String, to newName: String) throws -> String {
        try reserve(name: newName, for: id)
        var oldName = ""
        do {
            try update(id) { record in
                oldName = record.config.name
                record.config.name = newName
            }
        } catch {
            FileSystem.remove(root.names + "/" + newName)
            throw error
        }
        let oldPath = root.names + "/" + oldName
        if (try? FileSystem.readString(oldPath)) == id { FileSystem.remove(oldPath) }
        return oldName
    }

    /// Reads, changes and writes a record under its lock.
    public func update(_ id: String, _ change: (inout ContainerRecord) throws -> Void) throws {
        let held = try lock(id)
        defer { held.unlock() }
        var record = try load(id)
        try change(&record)
        try save(record)
    }

    public func save(_ record: ContainerRecord) throws {
        let bytes = try StateJSON.encode(record)
        try FileSystem.writeAtomically(recordPath(record.id), bytes, mode: 0o600)
        written.remember(record, writtenAs: bytes)
    }

    public func load(_ id: String) throws -> ContainerRecord {
        switch read(id) {
        case .record(let record): return record
        case .missing: throw RuntimeError.notFound("container", id)
        case .damaged(let problem): throw RuntimeError(.damaged, "container \(Identifiers.short(id)) has a damaged record: \(problem)")
        }
    }

    /// A record as read from disk.
    public enum Read {
        case record(ContainerRecord)
        /// No record: the container is gone, or going.
        case missing
        /// A record that cannot be read or decoded (torn, overwritten): the container may still run.
        case damaged(String)
    }

    public func read(_ id: String) -> Read {
        do {
            guard let bytes = try FileSystem.read(recordPath(id)) else { return .missing }
            if let record = written.record(id, ifWrittenAs: bytes) { return .record(record) }
            return .record(try StateJSON.decode(ContainerRecord.self, from: bytes))
        } catch {
            return .damaged("\(recordPath(id)): \(error)")
        }
    }

    public func ids() -> [String] {
        FileSystem.list(root.containers).filter { $0.count == 64 }
    }

    /// Every container whose record can be read, newest first. `replacing` stands in for its own
    /// record on disk: a caller's newer copy, which also spares decoding it.
    public func list(replacing record: ContainerRecord? = nil) -> [ContainerRecord] {
        listing(replacing: record).records
    }

    /// `list`, and the IDs of the containers whose record is damaged, with what is wrong with it.
    public func listing(replacing record: ContainerRecord? = nil) -> (records: [ContainerRecord], damaged: [(id: String, problem: String)]) {
        var records = record.map { [$0] } ?? []
        var damaged: [(id: String, problem: String)] = []
        for id in ids() where id != record?.id {
            switch read(id) {
            case .record(let record): records.append(record)
            case .damaged(let problem): damaged.append((id, problem))
            case .missing: continue
            }
        }
        return (records.sorted { $0.config.created > $1.config.created }, damaged)
    }

    /// The names whose record names the container (a damaged record does not say its own).
    public func names(of id: String) -> [String] {
        FileSystem.list(root.names).filter { !$0.hasPrefix(Self.stagingPrefix) && (try? FileSystem.readString(root.names + "/" + $0)) == id }
    }

    /// A full ID, a name, or a unique ID prefix, as Docker accepts them.
    public func resolve(_ reference: String) throws -> String {
        if reference.count == 64, FileSystem.exists(recordPath(reference)) { return reference }
        if Identifiers.isValidName(reference), let owner = try FileSystem.readString(root.names + "/" + reference),
           FileSystem.exists(recordPath(owner)) {
            return owner
        }
        let matches = reference.isEmpty ? [] : ids().filter { $0.hasPrefix(reference) }
        if matches.count > 1 {
            throw RuntimeError(.invalidArgument, "multiple IDs found with provided prefix: \(Identifiers.printable(reference))")
        }
        guard let id = matches.first else {
            throw RuntimeError.notFound("container", Identifiers.printable(reference))
        }
        return id
    }

    /// Deletes the container's files and frees its name. Returns where its emptied directory is
    /// kept for the next container, or nil when it went too (see `recycle`).
    @discardableResult
    public func remove(_ record: ContainerRecord) throws -> String? {
        let spare = try recycle(directory(record.id))
        let namePath = root.names + "/" + record.name
        if try FileSystem.readString(namePath) == record.id { FileSystem.remove(namePath) }
        FileSystem.remove(root.locks + "/" + record.id + ".op")
        return spare
    }
}
