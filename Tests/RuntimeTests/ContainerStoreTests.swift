import CRuntimeShims
import Foundation
@testable import Runtime
import Testing

struct ContainerStoreTests {
    private func record(named name: String) -> ContainerRecord {
        ContainerRecord(config: ContainerConfig(
            id: String(repeating: "ab", count: 32), name: name, image: "busybox", imageID: String(repeating: "cd", count: 32),
            created: .now(), command: ["true"], env: [], workingDir: "", user: "", hostname: "abababababab", tty: false,
            interactive: false, autoRemove: true, network: .none))
    }

    /// A load returns the record this process wrote without decoding it only while the file still
    /// holds those bytes: a write by another command (another store, as in another process) wins.
    @Test func loadsWhatAnotherCommandWroteAfterThisOne() throws {
        let directory = try TemporaryDirectory()
        let root = StateRoot(data: directory.path, run: directory.path + "/run")
        try FileSystem.makeDirectories(root.locks, mode: 0o700)
        let store = ContainerStore(root: root)
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

    /// On ext4, where the flag means something, the directory of containers spreads its
    /// subdirectories over the filesystem (chattr +T).
    @Test(.enabled(if: temporaryDirectoriesHaveTheFlag(), "the temporary directory's filesystem has no such flag"))
    func containerDirectoriesAreTopsOfHierarchies() throws {
        let directory = try TemporaryDirectory()
        let root = StateRoot(data: directory.path, run: directory.path + "/run")
        try FileSystem.makeDirectories(root.locks, mode: 0o700)
        try ContainerStore(root: root).create(record(named: "spread"))
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

private func temporaryDirectoriesHaveTheFlag() -> Bool {
    guard let directory = try? TemporaryDirectory() else { return false }
    return mr_mark_top_directory(directory.path) == 0
}

