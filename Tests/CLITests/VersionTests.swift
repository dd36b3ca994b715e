import ArgumentParser
import Glibc
@testable import minirun
import Runtime
import Testing

/// `minirun version` and `minirun --version`: what a learner or a bug report needs about this binary.
struct VersionTests {
    /// The report's "Name: value" lines, by name.
    func fields(_ report: String) -> [String: String] {
        var fields: [String: String] = [:]
        for line in report.split(separator: "\n").dropFirst() {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2 {
                fields[parts[0].trimmingPrefix(" ").description] = parts[1].drop { $0 == " " }.description
            }
        }
        return fields
    }

    @Test func versionIsASubcommand() throws {
        #expect(try MiniRun.parseAsRoot(["version"]) is Version)
    }

    @Test func versionPrintsDockersClientSectionAndTheMachine() throws {
        let report = Version.report()
        #expect(report.hasPrefix("Client:\n"))
        let fields = fields(report)
        #expect(fields.keys.sorted() == ["Cgroup layout", "Git commit", "Kernel", "OS/Arch", "Swift version", "Version"])
        #expect(fields["Version"] == BuildInfo.version)
        #expect(fields["Git commit"]?.isEmpty == false)
        #expect(fields["Swift version"]?.hasPrefix("6.") == true)
        #expect(fields["OS/Arch"]?.hasPrefix("linux/") == true)
        var name = utsname()
        uname(&name)
        let release = withUnsafeBytes(of: &name.release) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
        #expect(fields["Kernel"] == release)
        #expect(["v1", "hybrid", "v2"].contains(fields["Cgroup layout"] ?? ""))
    }

    @Test func theCgroupLayoutIsNamedByItsHierarchies() {
        let memory = CgroupHierarchy(version: .v1, controllers: ["memory"], mountPoint: "/sys/fs/cgroup/memory", current: "/")
        let unified = CgroupHierarchy(version: .v2, controllers: ["hugetlb"], mountPoint: "/sys/fs/cgroup/unified", current: "/")
        #expect(Version.name(of: CgroupLayout(hierarchies: [memory])) == "v1")
        #expect(Version.name(of: CgroupLayout(hierarchies: [memory, unified])) == "hybrid")
        #expect(Version.name(of: CgroupLayout(hierarchies: [unified])) == "v2")
    }

    @Test func dashDashVersionIsOneLine() {
        do {
            _ = try MiniRun.parseAsRoot(["--version"])
            Issue.record("--version parsed as a command")
        } catch {
            #expect(MiniRun.fullMessage(for: error) == "minirun version \(BuildInfo.version)")
            #expect(MiniRun.exitCode(for: error) == .success)
        }
    }
}
