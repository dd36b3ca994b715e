import Foundation
import TestSupport
import Testing

/// What the binary says about itself: `--version`, `version --format`, and the shell completion
/// scripts/setup installs (through Main's error handling, which keeps only the first line of errors).
struct SelfDescriptionTests {
    @Test func versionFlagPrintsOneLine() {
        let result = Command.run(Binaries.minirun, ["--version"])
        #expect(result.code == 0)
        #expect(result.out.hasPrefix("minirun version ") && result.out.filter { $0 == "\n" }.count == 1, "\(result)")
    }

    @Test func versionFormatsAsDockerVersionDoes() throws {
        let json = Command.run(Binaries.minirun, ["version", "--format", "json"])
        #expect(json.code == 0, "\(json)")
        let object = try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: [String: String]]
        #expect(object?["Client"]?["Os"] == "linux", "\(json.out)")
        #expect(object?["Client"].map { Set($0.keys) }
            == ["Version", "GitCommit", "SwiftVersion", "Os", "Arch", "KernelVersion", "CgroupLayout"])

        let template = Command.run(Binaries.minirun, ["version", "-f", "{{.Client.Os}}/{{.Client.Arch}}"])
        #expect(template.code == 0 && template.out.hasPrefix("linux/") && template.out.hasSuffix("\n"), "\(template)")
    }

    @Test func bashCompletionKnowsTheCommands() {
        let result = Command.run(Binaries.minirun, ["--generate-completion-script", "bash"])
        #expect(result.code == 0, "\(result)")
        // The line that offers the subcommands after `minirun `.
        let offered = result.out.split(separator: "\n").first { $0.contains("compgen -W '") && $0.contains(" network ") }
        let words = offered.map { $0.split(whereSeparator: { " '".contains($0) }).map(String.init) } ?? []
        #expect(words.contains("run") && words.contains("network"), "\(offered ?? "no compgen line")")
    }
}
