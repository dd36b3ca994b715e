import Foundation
import TestSupport
import Testing

/// A runtime under test (minirun-oci, or runc for comparison) with a --root of the test's own, and
/// bundles made from the busybox rootfs with the runtime's own `spec`, edited per test.
struct OCIRuntimeUnderTest: CustomStringConvertible, Sendable {
    var path: String
    var root: String

    var description: String { (path as NSString).lastPathComponent }

    /// minirun-oci, and runc when it is installed: a case that fails only with minirun-oci is minirun's.
    static func all() -> [String] {
        [Binaries.directory + "/minirun-oci"] + (FileManager.default.isExecutableFile(atPath: "/usr/sbin/runc") ? ["/usr/sbin/runc"] : [])
    }

    init(_ path: String) throws {
        self.path = path
        root = try Sandbox.makeTemporaryDirectory(prefix: "minirun-oci-root")
    }

    @discardableResult
    func run(_ arguments: [String], stdin: String? = nil) -> CommandResult {
        Command.run(path, ["--root", root] + arguments, stdin: stdin)
    }

    /// A verb whose container keeps our stdio (create, run -d): output into a file, so that reading
    /// the pipes does not wait for the container.
    func runToFile(_ arguments: [String], output: String) -> CommandResult {
        let line = ([path, "--root", root] + arguments).map { "'\($0)'" }.joined(separator: " ")
        return Command.run("/bin/sh", ["-c", "\(line) >\(output) 2>&1 </dev/null"])
    }

    func state(_ id: String) -> [String: Any]? {
        let result = run(["state", id])
        guard result.code == 0 else { return nil }
        return try? JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any]
    }

    func status(_ id: String) -> String? { state(id)?["status"] as? String }

    /// Removes every container left and the root; checks that none was left running.
    func finish() {
        for id in (run(["list", "-q"]).out).split(separator: "\n") {
            run(["delete", "--force", String(id)])
        }
        try? FileManager.default.removeItem(atPath: root)
    }
}

final class OCITestBundle {
    let directory: String
    var config: [String: Any]

    init(runtime: OCIRuntimeUnderTest, args: [String]) throws {
        directory = try Sandbox.makeTemporaryDirectory(prefix: "minirun-oci-bundle")
        try FileManager.default.createDirectory(atPath: directory + "/rootfs", withIntermediateDirectories: true)
        let untar = Command.run("/bin/tar", ["-xf", try BusyboxImage.tarball(), "-C", directory + "/rootfs"])
        try #require(untar.code == 0, "tar: \(untar.err)")
        let spec = Command.run(runtime.path, ["spec", "--bundle", directory])
        try #require(spec.code == 0, "spec: \(spec.err)")
        let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/config.json"))
        config = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        process["terminal"] = false
        process["args"] = args
        // The root user here lacks CAP_SYS_RESOURCE: runc's default RLIMIT_NOFILE 1024 is a lowering, fine.
        root["readonly"] = false
    }

    var process: [String: Any] {
        get { config["process"] as? [String: Any] ?? [:] }
        set { config["process"] = newValue }
    }

    var root: [String: Any] {
        get { config["root"] as? [String: Any] ?? [:] }
        set { config["root"] = newValue }
    }

    var linux: [String: Any] {
        get { config["linux"] as? [String: Any] ?? [:] }
        set { config["linux"] = newValue }
    }

    func write() throws {
        let data = try JSONSerialization.data(withJSONObject: config, options: [.prettyPrinted])
        try data.write(to: URL(fileURLWithPath: directory + "/config.json"))
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: directory)
    }
}
