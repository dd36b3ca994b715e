import Foundation
import TestSupport
import Testing

/// Docker's volume rules that `-v` users lean on: an empty named volume is filled from the image
/// when a container first starts with it (unless `:nocopy`), a missing host path given to `-v` is
/// made, `--mount type=bind` refuses one, and SELinux or propagation modes are taken.
@Suite(.enabled(if: isRoot, "needs root"))
struct VolumeFillTests {
    @Test func anEmptyVolumeIsFilledFromTheImageOnceAndNotWithNocopy() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let first = box.run(["run", "--rm", "--net=none", "-v", "conf:/etc", "busybox", "sh", "-c", "cat /etc/passwd > /dev/null && echo mine > /etc/marker"])
        #expect(first.code == 0, "the image's /etc is in the volume: \(first.err)")
        let data = box.root + "/volumes/conf/_data"
        #expect(FileManager.default.fileExists(atPath: data + "/passwd") && FileManager.default.fileExists(atPath: data + "/marker"))
        #expect(!FileManager.default.fileExists(atPath: box.root + "/volumes/conf/_data.fill"), "no copy left beside it")

        try FileManager.default.removeItem(atPath: data + "/passwd")
        #expect(box.run(["run", "--rm", "--net=none", "-v", "conf:/etc", "busybox", "ls", "/etc/passwd"]).code != 0,
                "a volume with files in it is not filled again")

        #expect(box.run(["volume", "create", "empty"]).code == 0)
        #expect(box.run(["run", "--rm", "--net=none", "-v", "empty:/etc:nocopy", "busybox", "true"]).code == 0)
        #expect((try FileManager.default.contentsOfDirectory(atPath: box.root + "/volumes/empty/_data")).isEmpty, ":nocopy leaves it empty")
        let mounted = box.run(["run", "--rm", "--net=none", "--mount", "source=other,target=/etc,volume-nocopy", "busybox", "true"])
        let other = try FileManager.default.contentsOfDirectory(atPath: box.root + "/volumes/other/_data")
        #expect(mounted.code == 0 && other.isEmpty, "--mount's volume-nocopy: \(mounted.err)")
    }

    @Test func aRestartDoesNotFillAVolumeEmptiedSince() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["run", "-d", "--name", "keeper", "--net=none", "-v", "kept:/etc", "busybox", "sleep", "300"]).code == 0)
        #expect(box.run(["stop", "-t", "0", "keeper"]).code == 0)
        let data = box.root + "/volumes/kept/_data"
        for name in try FileManager.default.contentsOfDirectory(atPath: data) { try FileManager.default.removeItem(atPath: data + "/" + name) }
        #expect(box.run(["start", "keeper"]).code == 0)
        #expect(!FileManager.default.fileExists(atPath: data + "/passwd"), "Docker fills a volume when it makes the container, not at each start")
    }

    @Test func aMissingHostPathIsMadeForVAndRefusedForMount() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let base = try Sandbox.makeTemporaryDirectory(prefix: "volume-fill")
        defer { try? FileManager.default.removeItem(atPath: base) }
        let made = base + "/made/deeper"
        #expect(box.run(["run", "--rm", "--net=none", "-v", made + ":/x:Z", "busybox", "sh", "-c", "echo here > /x/file"]).code == 0)
        #expect((try? String(contentsOfFile: made + "/file", encoding: .utf8)) == "here\n")
        let mode = (try FileManager.default.attributesOfItem(atPath: made)[.posixPermissions] as? Int) ?? 0
        #expect(mode == 0o755)

        let refused = box.run(["run", "--rm", "--net=none", "--mount", "type=bind,source=\(base)/absent,target=/x", "busybox", "true"])
        #expect(refused.code == 125 && refused.err == "minirun: invalid mount config for type \"bind\": bind source path does not exist: \(base)/absent\n")
        #expect(!FileManager.default.fileExists(atPath: base + "/absent") && box.run(["ps", "-aq"]).out.isEmpty)

        let propagated = box.run(["run", "--rm", "--net=none", "-v", base + ":/x:ro,rslave", "busybox", "ls", "/x/made"])
        #expect(propagated.code == 0 && propagated.out == "deeper\n", "\(propagated.err)")
        let bad = box.run(["run", "--rm", "--net=none", "-v", base + ":/x:nocopy", "busybox", "true"])
        #expect(bad.code == 125 && bad.err == "minirun: invalid mode: nocopy\n")
    }

    @Test func composeMakesShortSyntaxBindsAndTakesTmpfsOptions() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let project = try ComposeProjectTests.Project(box, """
            services:
              web:
                image: busybox
                command: sleep 300
                stop_signal: SIGKILL
                network_mode: none
                volumes:
                  - ./made:/made
                  - type: tmpfs
                    target: /scratch
                    tmpfs: {size: 1m, mode: 1770}
                  - type: bind
                    source: ./long
                    target: /long
            """)
        defer { project.remove() }
        let refused = project.compose(["up", "-d"])
        #expect(refused.code != 0 && refused.err.contains("bind source path does not exist: \(project.directory)/long"), "\(refused.err)")
        #expect(!FileManager.default.fileExists(atPath: project.directory + "/made"), "nothing made before the refusal")
        try project.write(try String(contentsOfFile: project.directory + "/compose.yaml", encoding: .utf8)
            .replacingOccurrences(of: "target: /long", with: "target: /long\n        bind: {create_host_path: true}"))
        let up = project.compose(["up", "-d"])
        #expect(up.code == 0, "\(up.err)")
        #expect(FileManager.default.fileExists(atPath: project.directory + "/made") && FileManager.default.fileExists(atPath: project.directory + "/long"))
        let scratch = project.compose(["exec", "web", "sh", "-c", "stat -c %a /scratch; df -k /scratch | tail -1"]).out
        #expect(scratch.hasPrefix("1770\ntmpfs") && scratch.contains(" 1024 "), "\(scratch)")
        #expect(project.compose(["down"]).code == 0)
    }
}
