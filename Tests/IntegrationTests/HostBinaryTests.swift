import Foundation
import TestSupport
import Testing

/// CVE-2019-5736's pattern: a process in a container must never reach a writable runtime binary
/// through /proc/PID/exe. The attack (Tests/ExeAttack) runs against byte-identical copies of minirun,
/// minirun-monitor and minirun-unpack in a directory of the test's own, so a vulnerable build damages
/// only them.
@Suite(.enabled(if: isRoot, "needs root"))
struct HostBinaryTests {
    /// The copies, the attack program and an entry point of `#!/proc/self/exe`, in one directory.
    final class Workspace {
        let directory: String
        var bin: String { directory + "/bin" }
        var shared: String { directory + "/shared" }
        let hashesBefore: [String]

        init() throws {
            directory = try Sandbox.makeTemporaryDirectory(prefix: "minirun-exeguard")
            let files = FileManager.default
            try files.createDirectory(atPath: directory + "/bin", withIntermediateDirectories: true)
            try files.createDirectory(atPath: directory + "/shared", withIntermediateDirectories: true)
            for name in Self.binaries {
                try files.copyItem(atPath: Binaries.directory + "/" + name, toPath: directory + "/bin/" + name)
            }
            hashesBefore = Self.hashes(directory + "/bin")
            let compiled = Command.run("/usr/bin/cc", ["-static", "-O2", "-o", directory + "/shared/exe-attack",
                                                       BusyboxImage.packageRoot + "/Tests/ExeAttack/main.c"])
            try #require(compiled.code == 0, "cc -static exe-attack: \(compiled.err)")
            try "#!/proc/self/exe\n".write(toFile: directory + "/shared/evil", atomically: true, encoding: .utf8)
            chmod(directory + "/shared/evil", 0o755)
        }

        static let binaries = ["minirun", "minirun-monitor", "minirun-unpack"]

        static func hashes(_ directory: String) -> [String] {
            binaries.map { Command.run("/usr/bin/sha256sum", [directory + "/" + $0]).out }
        }

        var log: String { (try? String(contentsOfFile: shared + "/log", encoding: .utf8)) ?? "" }

        func remove() { try? FileManager.default.removeItem(atPath: directory) }
    }

    /// A watcher in the container attacks every process whose executable is not the image's, while
    /// `exec` runs the entry point `#!/proc/self/exe` (the kernel starts whatever /proc/self/exe of
    /// the runtime's process is at its execve) and plain commands (caught before their execve).
    /// With Docker's default capabilities a runtime process that is not dumpable cannot be opened at
    /// all, so the watcher may catch nothing (the debug build's dynamic init cannot even start as an
    /// interpreter in busybox, which has no ld.so). With CAP_SYS_PTRACE it opens /proc/PID/exe of
    /// every runtime process it sees, not dumpable or not, and must always catch one: what it
    /// reaches there must be unwritable too. (The container's own first process runs the same code,
    /// but is alone in its pid namespace until its execve: nothing in a container can watch it.)
    @Test(arguments: [[], ["--cap-add", "SYS_PTRACE"]])
    func containerCannotWriteTheRuntimeBinary(options: [String]) throws {
        let work = try Workspace()
        defer { work.remove() }
        let box = try Sandbox(minirun: work.bin + "/minirun")
        defer { box.finish() }
        let started = box.run(["run", "-d", "--name", "victim", "-v", work.shared + ":/x"] + options
                              + ["busybox", "/x/exe-attack", "/x/log", "/x/stop"])
        try #require(started.code == 0, "\(started.err)")
        try #require(eventually { work.log.contains("watching") }, "the watcher did not start: \(work.log)")

        // Until one attack has run to its end (a write tried), or 30 rounds.
        let finished = ["wrote ", "write-failed ", "open-failed "]
        for _ in 0..<30 where !finished.contains(where: work.log.contains) {
            box.run(["exec", "victim", "/x/evil"])
            box.run(["exec", "victim", "true"])
        }
        _ = FileManager.default.createFile(atPath: work.shared + "/stop", contents: nil)
        #expect(eventually(10) { work.log.contains("done") }, "the watcher did not stop: \(work.log)")
        let log = work.log

        let caught = log.split(separator: "\n").filter { $0.hasPrefix("exe ") }.map { $0.split(separator: " ") }
        if options.contains("SYS_PTRACE") {
            #expect(!caught.isEmpty, "the watcher caught no runtime process, so nothing was tried: \(log)")
        }
        for fields in caught {
            // "exe PID LINK SEALS", the link being "/memfd:NAME (deleted)" for a memfd
            let link = fields.dropFirst(2).dropLast().joined(separator: " ")
            #expect(link.hasPrefix("/memfd:"), "a container reached \(link) through /proc/\(fields[1])/exe")
            let seals = Int32(fields.last ?? "") ?? 0
            let sealSeal: Int32 = 1, sealWrite: Int32 = 8  // F_SEAL_SEAL, F_SEAL_WRITE
            #expect(seals > 0 && seals & sealWrite != 0 && seals & sealSeal != 0, "seals \(seals) of \(link)")
        }
        #expect(!log.contains("wrote "), "the attack wrote to a runtime binary: \(log)")
        print("exe-attack \(options): \(log.split(separator: "\n").filter { !$0.hasPrefix("denied") })")
        #expect(Workspace.hashes(work.bin) == work.hashesBefore, "the runtime binaries on the host changed: \(log)")
    }
}
