import Foundation
import TestSupport
import Testing

/// `volume create -o` and compose's `driver_opts`: a volume that is a host directory, or a tmpfs.
@Suite(.enabled(if: isRoot, "needs root"))
struct VolumeOptionsTests {
    @Test func aBindVolumeIsTheHostDirectoryAndRemovingItKeepsTheFiles() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let host = try Sandbox.makeTemporaryDirectory(prefix: "volume-options")
        defer { try? FileManager.default.removeItem(atPath: host) }
        try "from the host\n".write(toFile: host + "/file", atomically: true, encoding: .utf8)
        #expect(box.run(["volume", "create", "-o", "type=none", "-o", "o=bind", "-o", "device=" + host, "shared"]).out == "shared\n")
        #expect(box.run(["volume", "inspect", "-f", "{{.Options.type}} {{.Options.o}} {{.Options.device}}", "shared"]).out == "none bind \(host)\n")
        let used = box.run(["run", "--rm", "--net=none", "-v", "shared:/data", "busybox", "sh", "-c", "cat /data/file; echo back > /data/written"])
        #expect(used.out == "from the host\n", "\(used.err)")
        #expect((try? String(contentsOfFile: host + "/written", encoding: .utf8)) == "back\n")

        #expect(box.run(["volume", "create", "--opt", "type=none", "--opt", "o=bind,ro", "--opt", "device=" + host, "readonly"]).code == 0)
        let refused = box.run(["run", "--rm", "--net=none", "-v", "readonly:/data", "busybox", "touch", "/data/x"])
        #expect(refused.code != 0 && refused.err.contains("Read-only file system"), "o=ro: \(refused.err)")

        #expect(box.run(["volume", "rm", "shared", "readonly"]).code == 0)
        #expect(FileManager.default.fileExists(atPath: host + "/file") && FileManager.default.fileExists(atPath: host + "/written"),
                "the host's directory stays, as with Docker")

        #expect(box.run(["volume", "create", "-o", "type=none", "-o", "o=bind", "-o", "device=\(host)/absent", "elsewhere"]).code == 0)
        let missing = box.run(["run", "--rm", "--net=none", "-v", "elsewhere:/data", "busybox", "true"])
        #expect(missing.code == 125 && missing.err.contains("failed to mount local volume: mount \(host)/absent:"), "\(missing.err)")
    }

    @Test func aTmpfsVolumeTakesItsOptions() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["volume", "create", "-o", "type=tmpfs", "-o", "device=tmpfs", "-o", "o=size=2m,uid=1000", "scratch"]).code == 0)
        let inside = box.run(["run", "--rm", "--net=none", "-v", "scratch:/t", "busybox", "sh", "-c", "stat -c %u /t; df -k /t | tail -1"]).out
        #expect(inside.hasPrefix("1000\ntmpfs") && inside.contains(" 2048 "), "\(inside)")
        #expect((try FileManager.default.contentsOfDirectory(atPath: box.root + "/volumes/scratch/_data")).isEmpty, "nothing on the host's disk")
    }

    @Test func badOptionsAreRefusedAndMakeNothing() throws {
        let box = try Sandbox()
        defer { box.finish() }
        for (options, message) in [(["-o", "type=nfs", "-o", "device=:/x"], "invalid option type=nfs"),
                                   (["-o", "size=1g"], "invalid option key: \"size\""),
                                   (["-o", "type=tmpfs"], "missing required option: \"device\""),
                                   (["-o", "typetmpfs"], "invalid option typetmpfs: KEY=VALUE")] {
            let result = box.run(["volume", "create"] + options + ["bad"])
            #expect(result.code == 1 && result.err.hasPrefix("minirun: " + message) && result.err.split(separator: "\n").count == 1,
                    "\(options): \(result.err)")
        }
        #expect(box.run(["volume", "ls", "-q"]).out.isEmpty)
    }

    @Test func composeDriverOptionsMakeABindVolume() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let host = try Sandbox.makeTemporaryDirectory(prefix: "volume-options")
        defer { try? FileManager.default.removeItem(atPath: host) }
        let project = try ComposeProjectTests.Project(box, """
            services:
              web:
                image: busybox
                command: sh -c "echo from compose > /data/out; sleep 300"
                stop_signal: SIGKILL
                network_mode: none
                volumes: [data:/data]
            volumes:
              data:
                driver_opts: {type: none, o: bind, device: \(host)}
            """)
        defer { project.remove() }
        #expect(project.compose(["up", "-d"]).code == 0)
        #expect(eventually { (try? String(contentsOfFile: host + "/out", encoding: .utf8)) == "from compose\n" })
        #expect(box.run(["volume", "inspect", "-f", "{{.Options.device}}", "app_data"]).out == host + "\n")
        #expect(project.compose(["down", "-v"]).code == 0)
        #expect(FileManager.default.fileExists(atPath: host + "/out"))
    }
}
