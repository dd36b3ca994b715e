import Foundation
import TestSupport
import Testing

/// `compose up` without -d (attached to the services' output until they exit, stopped by SIGINT)
/// and `down` stopping each level of the dependency order at once.
@Suite(.enabled(if: isRoot, "needs root"))
struct ComposeAttachTests {
    @Test func upWithoutDetachShowsTheOutputUntilTheServicesExit() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let project = try ComposeProjectTests.Project(box, """
            services:
              hello:
                image: busybox
                command: echo hi
              failing:
                image: busybox
                command: sh -c 'echo from failing; exit 3'
            \(ComposeProjectTests.defaultNetwork(box, 1))
            """)
        defer { project.remove() }
        let up = project.compose(["up"])
        #expect(up.code == 0, "\(up.err)")
        let lines = up.out.split(separator: "\n").map(String.init)
        #expect(lines.contains("hello-1    | hi"), "\(up.out)")
        #expect(lines.contains("failing-1  | from failing"), "\(up.out)")
        #expect(lines.contains("hello-1 exited with code 0") && lines.contains("failing-1 exited with code 3"), "\(up.out)")
        // `logs` prefixes the same way.
        #expect(project.compose(["logs", "hello"]).out == "hello-1  | hi\n")
        let badTail = project.compose(["logs", "--tail", "two", "hello"])
        #expect(badTail.code != 0 && badTail.err == "minirun: tail flag must be all or a number\n", "as docker-compose: \(badTail)")
        #expect(project.compose(["down"]).code == 0)
        project.expectNothingLeft()
    }

    @Test func sigintStopsTheProjectGracefully() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let project = try ComposeProjectTests.Project(box, """
            services:
              web:
                image: busybox
                command: ["sh", "-c", "trap 'echo bye; exit 0' TERM; echo ready; while :; do sleep 0.2; done"]
            \(ComposeProjectTests.defaultNetwork(box, 2))
            """)
        defer { project.remove() }
        let out = project.directory + "/up.out", err = project.directory + "/up.err"
        FileManager.default.createFile(atPath: out, contents: nil)
        FileManager.default.createFile(atPath: err, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: box.minirun)
        process.arguments = ["compose", "--project-directory", project.directory, "-p", project.name, "up"]
        process.environment = ProcessInfo.processInfo.environment.merging(["MINIRUN_ROOT": box.root]) { $1 }
        process.standardOutput = FileHandle(forWritingAtPath: out)
        process.standardError = FileHandle(forWritingAtPath: err)
        try process.run()
        let output = { (try? String(contentsOfFile: out, encoding: .utf8)) ?? "" }
        #expect(eventually(30) { output().contains("web-1  | ready") }, "\(output())")
        kill(process.processIdentifier, SIGINT)
        #expect(eventually(30) { !process.isRunning })
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        let errors = (try? String(contentsOfFile: err, encoding: .utf8)) ?? ""
        #expect(process.terminationStatus == 130, "\(errors)")
        #expect(errors.contains("Gracefully stopping..."), "\(errors)")
        #expect(output().contains("web-1  | bye\n") && output().contains("web-1 exited with code 0\n"), "\(output())")
        // Stopped, not removed: as docker compose leaves them.
        #expect(box.run(["ps", "-a", "--format", "{{.Names}} {{.Status}}"]).out.hasPrefix("app-web-1 Exited (0)"))
        #expect(project.compose(["down"]).code == 0)
        project.expectNothingLeft()
    }

    /// Two services that each wait, once told to stop, for the other to have been told too: stopped
    /// one after the other, the first would wait out its grace period and be killed. A third depends
    /// on both and must be stopped before either.
    @Test func downStopsEachLevelAtOnceDependentsFirst() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let shared = try Sandbox.makeTemporaryDirectory(prefix: "compose-shared")
        defer { try? FileManager.default.removeItem(atPath: shared) }
        func waiter(_ name: String, _ other: String) -> String {
            """
              \(name):
                image: busybox
                volumes: ["\(shared):/shared"]
                stop_grace_period: 20s
                command: ["sh", "-c", "trap 'touch /shared/\(name); [ -e /shared/front ] && touch /shared/\(name).after-front; while [ ! -e /shared/\(other) ]; do sleep 0.1; done; touch /shared/\(name).done; exit 0' TERM; while :; do sleep 0.2; done"]
            """
        }
        let project = try ComposeProjectTests.Project(box, """
            services:
            \(waiter("left", "right"))
            \(waiter("right", "left"))
              front:
                image: busybox
                volumes: ["\(shared):/shared"]
                depends_on: [left, right]
                command: ["sh", "-c", "trap 'touch /shared/front; exit 0' TERM; while :; do sleep 0.2; done"]
            \(ComposeProjectTests.defaultNetwork(box, 3))
            """)
        defer { project.remove() }
        let up = project.compose(["up", "-d"])
        #expect(up.code == 0, "\(up.err)")
        let down = project.compose(["down"])
        #expect(down.code == 0, "\(down.err)")
        let files = Set((try? FileManager.default.contentsOfDirectory(atPath: shared)) ?? [])
        #expect(files == ["front", "left", "right", "left.after-front", "right.after-front", "left.done", "right.done"], "\(files)")
        project.expectNothingLeft()
    }
}
