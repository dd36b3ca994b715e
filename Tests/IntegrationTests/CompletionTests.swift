import Testing

/// What the binary prints before any container is involved: `--version`, and the shell completion
/// scripts/setup installs (through Main's error handling, which keeps only the first line of errors).
struct CompletionTests {
    @Test func versionFlagPrintsOneLine() {
        let result = Command.run(Binaries.minirun, ["--version"])
        #expect(result.code == 0)
        #expect(result.out.hasPrefix("minirun version ") && result.out.filter { $0 == "\n" }.count == 1, "\(result)")
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
