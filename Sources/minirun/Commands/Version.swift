import ArgumentParser
import Glibc
import GoTemplate
import JSONCodec
import Runtime

/// `minirun version`: docker version's client section, with the kernel and the cgroup layout a
/// learner (or a bug report) needs too. `minirun --version` prints only the version.
struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show the minirun version information.")

    @Option(name: [.customShort("f", allowingJoined: true), .customLong("format")], help: "json, or a Go template over {{.Client.Version}} and its siblings.")
    var format: ListFormat?

    /// docker version's JSON: the client's fields under "Client" (minirun has no server).
    struct Info: Encodable {
        struct Client: Encodable {
            var Version, GitCommit, SwiftVersion, Os, Arch, KernelVersion, CgroupLayout: String
        }
        var Client: Client
    }

    func run() throws {
        switch format ?? .table {
        case .table: print(Self.report(), terminator: "")
        case .json: print(try GoJSON.encode(JSONValue(encoding: Self.info()).sortingAllKeys))
        case .template(let text): print(try GoTemplate(text).render(JSONValue(encoding: Self.info())))
        }
    }

    static func info() -> Info {
        Info(Client: Info.Client(
            Version: BuildInfo.version, GitCommit: BuildInfo.gitCommit, SwiftVersion: BuildInfo.swiftVersion,
            Os: "linux", Arch: BuildInfo.architecture, KernelVersion: Uname.current.release, CgroupLayout: cgroupLayout))
    }

    static func report() -> String {
        let client = info().Client
        let fields: [(name: String, value: String)] = [
            ("Version", client.Version),
            ("Git commit", client.GitCommit),
            ("Swift version", client.SwiftVersion),
            ("OS/Arch", client.Os + "/" + client.Arch),
            ("Kernel", client.KernelVersion),
            ("Cgroup layout", client.CgroupLayout),
        ]
        var report = "Client:\n"
        for field in fields {
            let label = field.name + ":"
            report += " " + label + String(repeating: " ", count: max(1, 16 - label.count)) + field.value + "\n"
        }
        return report
    }

    /// This machine's cgroup layout, by `name(of:)`.
    static var cgroupLayout: String {
        (try? CgroupLayout.discover()).map(name(of:)) ?? "unknown"
    }

    /// v1 (v1 hierarchies only), v2 (the unified hierarchy only) or hybrid (both).
    static func name(of layout: CgroupLayout) -> String {
        switch (layout.hierarchies.contains { $0.version == .v1 }, layout.unified != nil) {
        case (true, true): "hybrid"
        case (true, false): "v1"
        case (false, true): "v2"
        case (false, false): "none"
        }
    }
}
