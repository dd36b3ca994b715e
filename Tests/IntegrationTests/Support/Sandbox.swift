import Foundation
import TestSupport
import Testing

/// A state root of a test's own, with the busybox image imported, driving the real minirun binary
/// as a user would. `finish()` removes every container and checks that nothing is left: no mount
/// under the root, no process that names it, no container or name record.
final class Sandbox: @unchecked Sendable {
    let root: String
    let subnetOctet = SubnetOctets.take()
    /// The minirun binary this sandbox drives: the one under test, or a copy of it.
    let minirun: String

    init(importBusybox: Bool = true, minirun: String = Binaries.minirun) throws {
        self.minirun = minirun
        root = try Self.makeTemporaryDirectory(prefix: "minirun-test")
        if importBusybox {
            let result = run(["image", "import", try BusyboxImage.tarball(), "busybox"])
            try #require(result.code == 0, "image import failed: \(result.err)")
            // The default bridge says which subnet it took when it is made; have that said here,
            // so that tests can expect a quiet stderr.
            run(["network", "ls"])
        }
    }

    typealias Result = CommandResult

    /// Runs `minirun ARGS` with this sandbox's root, optionally feeding stdin.
    @discardableResult
    func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) -> Result {
        Command.run(minirun, arguments, stdin: stdin, environment: environment.merging(["MINIRUN_ROOT": root]) { $1 })
    }

    /// Runs it in the background (an attached `run` a test will kill, say).
    func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: minirun)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(["MINIRUN_ROOT": root]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// What the containers directory holds but the spare directories of removed containers, kept
    /// for the next ones (a staging directory left behind counts).
    var containerIDs: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root + "/containers")) ?? []).filter { !$0.hasPrefix(".spare-") }
    }

    var names: [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: root + "/names")) ?? []
    }

    /// What the image store holds but its index, its lock and empty directories: blobs, layers,
    /// links, content records, staging directories.
    var imageStoreFiles: [String] {
        let images = root + "/images"
        guard let walker = FileManager.default.enumerator(atPath: images) else { return [] }
        var found: [String] = []
        while let path = walker.nextObject() as? String {
            if walker.level == 1 && (path == "index.json" || path == "lock") { continue }
            let isDirectory = walker.fileAttributes?[.type] as? FileAttributeType == .typeDirectory
            if !isDirectory || path.split(separator: "/").last?.hasPrefix(".") == true { found.append(path) }
        }
        return found
    }

    /// Mounts the test made itself under this root (a tmpfs as the root, say), which `finish` expects.
    var ownMounts: [String] = []

    /// Mount points under this root in our mount namespace, but for the test's own.
    var mounts: [String] {
        let info = (try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? ""
        return info.split(separator: "\n").map { String($0.split(separator: " ")[4]) }.filter { $0.hasPrefix(root) && !ownMounts.contains($0) }
    }

    /// Processes whose command line names this root (monitors, cleanups) or that run in one of its
    /// containers (their cwd or root is under it).
    var processes: [String] {
        var found: [String] = []
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] where Int(entry) != nil {
            let cmdline = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(entry)/cmdline"))) ?? Data()
            let text = String(decoding: cmdline.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
            let stat = (try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8)) ?? ""
            let zombie = stat.split(separator: ")").last?.split(separator: " ").first == "Z"
            if text.contains(root) && !zombie { found.append(entry + " " + text) }
        }
        return found
    }

    /// Removes all containers and checks that nothing is left behind, then resets the root (its
    /// networks, bridges and firewall table go) and deletes it.
    func finish(sourceLocation: SourceLocation = #_sourceLocation) {
        for id in run(["ps", "-a", "-q"]).out.split(separator: "\n") {
            run(["rm", "-f", String(id)])
        }
        #expect(leases.isEmpty, "leases left: \(leases)", sourceLocation: sourceLocation)
        #expect(eventually { self.hostVeths.isEmpty }, "veths left: \(hostVeths)", sourceLocation: sourceLocation)
        let bridges = self.bridges
        let reset = run(["system", "reset", "--force"])
        #expect(reset.code == 0, "\(reset.err)", sourceLocation: sourceLocation)
        let links = Command.run("/sbin/ip", ["-o", "link"]).out
        for bridge in bridges {
            #expect(!links.contains(" \(bridge):"), "bridge \(bridge) left", sourceLocation: sourceLocation)
        }
        if let tag = bridges.first(where: { $0.hasPrefix("mr") })?.dropFirst(2) {
            #expect(!Command.run("/usr/sbin/nft", ["list", "tables"]).out.contains("minirun_\(tag)"), sourceLocation: sourceLocation)
        }
        #expect(containerIDs.isEmpty, "containers left: \(containerIDs)", sourceLocation: sourceLocation)
        let spares = (try? FileManager.default.contentsOfDirectory(atPath: root + "/containers")) ?? []
        #expect(spares.isEmpty, "a reset leaves no spare directory either: \(spares)", sourceLocation: sourceLocation)
        #expect(names.isEmpty, "names left: \(names)", sourceLocation: sourceLocation)
        #expect(mounts.isEmpty, "mounts left: \(mounts)", sourceLocation: sourceLocation)
        #expect(eventually { self.processes.isEmpty }, "processes left: \(processes)", sourceLocation: sourceLocation)
        try? FileManager.default.removeItem(atPath: root)
    }

    static func makeTemporaryDirectory(prefix: String) throws -> String {
        var template = Array("/var/tmp/\(prefix).XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw POSIXError(.EIO) }
        return String(cString: made)
    }
}

/// Polls `condition` for up to `seconds` (the kernel and monitors finish asynchronously).
func eventually(_ seconds: Double = 5, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if condition() { return true }
        usleep(20_000)
    }
    return condition()
}

let isRoot = getuid() == 0
