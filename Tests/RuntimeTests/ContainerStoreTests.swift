import CRuntimeShims
import Foundation
@testable import Runtime
import Testing

struct ContainerStoreTests {
    private func record(named name: String, id: String = String(repeating: "ab", count: 32)) -> ContainerRecord {
        var options = CreateOptions(image: "busybox", command: ["true"])
        options.autoRemove = true
        options.network = .none
        return ContainerRecord(config: ContainerConfig(
            id: id, name: name, hostname: "abababababab", imageID: String(repeating: "cd", count: 32), created: .now(),
            options: options))
    }

    /// A load returns the record this process wrote without decoding it only while the file still
    /// holds those bytes: a write by another command (another store, as in another process) wins.
    @Test func loadsWhatAnotherCommandWroteAfterThisOne() throws {
        let state = try TemporaryStateRoot()
        let root = state.root, store = state.store
        var record = record(named: "first")
        try store.create(record)
        #expect(try store.load(record.id) == record)

        record.state.status = .running
        try store.save(record)
        #expect(try store.load(record.id) == record)

        var changed = record
        changed.state.exitCode = 7
        changed.state.status = .exited
        try ContainerStore(root: root).save(changed)
        #expect(try store.load(record.id) == changed)
    }

    /// A record that does not decode is told apart from a missing one, and listed as damaged rather
    /// than left out; its name record still names it.
    @Test func aDamagedRecordIsListedApart() throws {
        let state = try TemporaryStateRoot()
        let store = state.store
        let damaged = record(named: "torn")
        try store.create(damaged)
        let kept = record(named: "whole", id: String(repeating: "cd", count: 32))
        try store.create(kept)
        try FileSystem.write(store.directory(damaged.id) + "/container.json", Array("{\"config\":".utf8))

        guard case .damaged(let problem) = store.read(damaged.id) else { Issue.record("not damaged"); return }
        #expect(problem.contains(damaged.id + "/container.json"))
        guard case .missing = store.read(String(repeating: "ef", count: 32)) else { Issue.record("not missing"); return }
        let listing = store.listing()
        #expect(listing.records.map(\.id) == [kept.id])
        #expect(listing.damaged.map(\.id) == [damaged.id])
        #expect(store.names(of: damaged.id) == ["torn"])
        #expect(throws: RuntimeError.self) { try store.load(damaged.id) }
    }

    /// A removed container's directory is emptied but for an empty `work` and the trash, which holds
    /// its record, its /etc files, its emptied `upper` and what overlayfs made in `work`. The next create takes the
    /// directory over instead of making one, and removes the trash while it starts.
    @Test func aRemovedContainersDirectoryServesTheNextOne() throws {
        let state = try TemporaryStateRoot()
        let store = state.store
        let first = record(named: "first")
        try store.create(first)
        let used = store.directory(first.id)
        for path in ["/upper/etc", "/work/work/incompat/volatile"] {
            try FileSystem.makeDirectories(used + path, mode: 0o755)
        }
        for file in ["/hostname", "/container.log", "/upper/etc/hosts", "/work/work/incompat/volatile/dirty"] {
            try FileSystem.write(used + file, Array("x".utf8))
        }
        let inode = try #require(inodeNumber(used))

        let spare = try #require(try store.remove(first))
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: spare)) == ["trash", "work"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: spare + "/work").isEmpty)
        #expect(store.ids().isEmpty && !FileSystem.exists(used))
        let trash = try FileManager.default.contentsOfDirectory(atPath: spare + "/trash")
        #expect(Set(trash.map { $0.drop { $0 != "-" } }) == ["-container.json", "-hostname", "-upper", "-work-work"])
        let upper = try #require(trash.first { $0.hasSuffix("-upper") })
        #expect(try FileManager.default.contentsOfDirectory(atPath: spare + "/trash/" + upper).isEmpty)

        let second = record(named: "second", id: String(repeating: "cd", count: 32))
        try store.create(second)
        #expect(inodeNumber(store.directory(second.id)) == inode)
        #expect(!FileSystem.exists(spare))
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: store.directory(second.id))) == ["container.json", "trash", "work"])
        #expect(try store.load(second.id) == second)
        let removal = try #require(store.emptyTrash(second.id))
        removal.finish()
        #expect(!FileSystem.exists(store.directory(second.id) + "/trash"))
        #expect(store.emptyTrash(second.id) == nil)
    }

    @Test func keepsAtMostEightSpares() throws {
        let state = try TemporaryStateRoot()
        let root = state.root, store = state.store
        let records = (0..<10).map { record(named: "c\($0)", id: String(repeating: "0", count: 63) + String($0, radix: 16)) }
        for record in records { try store.create(record) }
        let kept = try records.compactMap { try store.remove($0) }
        #expect(kept.count == ContainerStore.maximumSpares)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.containers).count == ContainerStore.maximumSpares)
        try store.removeSpares()
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.containers).isEmpty)
    }

    /// On ext4, where the flag means something, the directory of containers spreads its
    /// subdirectories over the filesystem (chattr +T).
    @Test(.enabled(if: temporaryDirectoriesHaveTheFlag(), "the temporary directory's filesystem has no such flag"))
    func containerDirectoriesAreTopsOfHierarchies() throws {
        let state = try TemporaryStateRoot()
        let root = state.root
        try state.store.create(record(named: "spread"))
        let lsattr = Process()
        lsattr.executableURL = URL(fileURLWithPath: "/usr/bin/lsattr")
        lsattr.arguments = ["-d", root.containers]
        let output = Pipe()
        lsattr.standardOutput = output
        try lsattr.run()
        lsattr.waitUntilExit()
        let flags = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: " ").first ?? ""
        #expect(flags.contains("T"), "\(flags)")
    }
}

/// A state root in a temporary directory of its own, removed with it.
private struct TemporaryStateRoot {
    let directory: TemporaryDirectory
    let root: StateRoot
    let store: ContainerStore

    init() throws {
        directory = try TemporaryDirectory()
        root = StateRoot(data: directory.path, run: directory.path + "/run")
        try FileSystem.makeDirectories(root.locks, mode: 0o700)
        store = ContainerStore(root: root)
    }
}

private func temporaryDirectoriesHaveTheFlag() -> Bool {
    guard let directory = try? TemporaryDirectory() else { return false }
    return mr_mark_top_directory(directory.path) == 0
}

private func inodeNumber(_ path: String) -> UInt64? {
    var info = stat()
    return stat(path, &info) == 0 ? UInt64(info.st_ino) : nil
}
