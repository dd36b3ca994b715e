import Foundation
import Testing

/// Bad input: one clear line on stderr, a non-zero exit, and nothing changed.
@Suite(.enabled(if: isRoot, "needs root"))
struct BadInputTests {
    func expectRefused(_ box: Sandbox, _ arguments: [String], code: Int32 = 125, mentioning text: String,
                       sourceLocation: SourceLocation = #_sourceLocation) {
        let containersBefore = box.containerIDs, namesBefore = box.names
        let result = box.run(arguments)
        #expect(result.code == code, "\(arguments): \(result)", sourceLocation: sourceLocation)
        #expect(result.err.hasPrefix("minirun: ") && result.err.split(separator: "\n").count == 1,
                "\(arguments): \(result.err)", sourceLocation: sourceLocation)
        #expect(result.err.contains(text), "\(arguments): \(result.err)", sourceLocation: sourceLocation)
        #expect(box.containerIDs == containersBefore && box.names == namesBefore, sourceLocation: sourceLocation)
        #expect(box.mounts.isEmpty, sourceLocation: sourceLocation)
    }

    @Test func runRefusesBadInput() throws {
        let box = try Sandbox()
        defer { box.finish() }
        // The default bridge may say once which subnet it took; have that said before counting lines.
        #expect(box.run(["network", "ls"]).code == 0)
        expectRefused(box, ["run", "--rm", "nosuchimage", "true"], mentioning: "Unable to find image")
        expectRefused(box, ["run", "--rm", "busybox"], mentioning: "no command")
        expectRefused(box, ["run", "--name", "bad name", "busybox", "true"], mentioning: "Invalid container name")
        expectRefused(box, ["run", "--name=-x", "busybox", "true"], mentioning: "Invalid container name")
        expectRefused(box, ["run", "--name", String(repeating: "a", count: 129), "busybox", "true"], mentioning: "Invalid container name")
        expectRefused(box, ["run", "--net", "bogus", "busybox", "true"], mentioning: "bogus")
        expectRefused(box, ["run", "-w", "relative", "busybox", "true"], mentioning: "absolute path")
        expectRefused(box, ["run", "-u", "nosuchuser", "busybox", "true"], mentioning: "unable to find user")
        expectRefused(box, ["run", "--env-file", "/nonexistent", "busybox", "true"], mentioning: "/nonexistent")
        expectRefused(box, ["run", "--bogus-flag", "busybox", "true"], mentioning: "bogus-flag")
        expectRefused(box, ["run", "--rm", "busybox", "nosuchcommand"], code: 127, mentioning: "executable file not found")
        expectRefused(box, ["run", "--rm", "busybox", "/etc/passwd"], code: 126, mentioning: "permission denied")
        expectRefused(box, ["run", "-d", "busybox", "nosuchcommand"], code: 127, mentioning: "executable file not found")
    }

    @Test func duplicateNameIsRefused() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-d", "--name", "taken", "busybox", "sleep", "100"]).code == 0)
        expectRefused(box, ["run", "--name", "taken", "busybox", "true"], mentioning: "already in use")
    }

    @Test func unknownContainersAreReported() throws {
        let box = try Sandbox()
        defer { box.finish() }
        expectRefused(box, ["rm", "ghost"], code: 1, mentioning: "No such container: ghost")
    }
}
