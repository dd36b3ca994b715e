import Foundation
import TestSupport
import Testing

/// The README's commands work as written for root on a machine without sudo (a fresh one often has
/// none): they began with `sudo` once, and failed there with "sudo: command not found".
@Suite(.enabled(if: isRoot, "needs root"))
struct ReadmeTests {
    /// The first ```sh block after the heading `## TITLE`, as lines without blank ones.
    func firstBlock(under title: String) throws -> [String] {
        let readme = try String(contentsOfFile: BusyboxImage.packageRoot + "/README.md", encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "\n## \(title)\n").dropFirst().first, "no section \(title)")
        let block = try #require(section.components(separatedBy: "```sh\n").dropFirst().first?.components(separatedBy: "```").first)
        return block.split(separator: "\n").map(String.init).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    }

    /// A line's command and its comment ("minirun ps -a   # lists it" -> ("minirun ps -a", "lists it")).
    func split(_ line: String) -> (command: String, comment: String?) {
        guard let range = line.range(of: #"\s+# ?"#, options: .regularExpression) else { return (line, nil) }
        return (String(line[..<range.lowerBound]), String(line[range.upperBound...]))
    }

    @Test func theTwoCommandsNeedNoSudo() throws {
        let commands = try firstBlock(under: "Two commands").map { split($0).command }.filter { !$0.isEmpty }
        #expect(commands == ["scripts/setup", "scripts/test"])
        for command in commands {
            #expect(FileManager.default.isExecutableFile(atPath: BusyboxImage.packageRoot + "/" + command), "\(command)")
        }
    }

    @Test func firstStepsRunAsWrittenWithoutSudo() throws {
        let box = try Sandbox()
        defer { box.finish() }
        // This machine may have sudo; the one the README is read on may not.
        let noSudo = box.root + "/no-sudo"
        try FileManager.default.createDirectory(atPath: noSudo, withIntermediateDirectories: true)
        try "#!/bin/sh\necho 'sudo: command not found' >&2\nexit 127\n".write(toFile: noSudo + "/sudo", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: noSudo + "/sudo")
        let environment = ["PATH": "\(noSudo):\(Binaries.directory):/usr/sbin:/usr/bin:/sbin:/bin", "MINIRUN_ROOT": box.root]

        let lines = try firstBlock(under: "First steps")
        #expect(lines.count >= 5)
        for line in lines where !line.contains(" -it ") {  // an interactive shell needs a terminal
            let (command, comment) = split(line)
            let result = Command.shell(command, environment: environment)
            #expect(result.code == 0, "\(line): \(result)")
            if let comment, !comment.contains(" ") {  // "# hello": the output itself
                #expect(result.out == comment + "\n", "\(line): \(result)")
            }
        }
    }
}
