import ArgumentParser
import Glibc
import Runtime

/// `minirun version`: docker version's client section, with the kernel and the cgroup layout a
/// learner (or a bug report) needs too. `minirun --version` prints only the version.
struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show the minirun version information.")

    func run() {
        print(Self.report(), terminator: "")
    }

    static func report() -> String {
        let fields: [(name: String, value: String)] = [
            ("Version", BuildInfo.version),
            ("Git commit", BuildInfo.gitCommit),
            ("Swift version", BuildInfo.swiftVersion),
            ("OS/Arch", "linux/" + BuildInfo.architecture),
            ("Kernel", kernelRelease),
            ("Cgroup layout", cgroupLayout),
        ]
        var report = "Client:\n"
        for field in fields {
            let label = field.name + ":"
            report += " " + label + String(repeating: " ", count: max(1, 16 - label.count)) + field.value + "\n"
        }
        return report
    }

    /// `uname -r`.
    static var kernelRelease: String {
        var name = utsname()
        guard uname(&name) == 0 else { return "unknown" }
        return withUnsafeBytes(of: &name.release) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
    }

    /// v1 (controllers in v1 hierarchies only), v2 (the unified hierarchy only) or hybrid (both).
    static var cgroupLayout: String {
        guard let layout = try? CgroupLayout.discover() else { return "unknown" }
        switch (layout.hierarchies.contains { $0 != layout.unified }, layout.unified != nil) {
        case (true, true): return "hybrid"
        case (true, false): return "v1"
        case (false, true): return "v2"
        case (false, false): return "none"
        }
    }
}
