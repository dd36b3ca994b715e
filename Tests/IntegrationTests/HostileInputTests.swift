import Foundation
import TestSupport
import Testing

/// Hostile input through the CLI: each case is refused with one line and leaves the host and the
/// state root as they were.
@Suite(.enabled(if: isRoot, "needs root"))
struct HostileInputTests {
    /// Everything under the state root, with sizes, to compare before and after.
    func snapshot(_ box: Sandbox) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: box.root)
        var entries: [String] = []
        while let path = enumerator?.nextObject() as? String {
            if path.hasPrefix("run/locks") || path.hasPrefix("run/seccomp") { continue }
            entries.append(path)
        }
        return entries.sorted()
    }

    func tarball(_ box: Sandbox, _ name: String, _ python: String) throws -> String {
        let path = box.root + "/\(name).tar"
        let script = "import tarfile, io\nwith tarfile.open('\(path)', 'w') as t:\n" + python
        let result = Command.run("/usr/bin/python3", ["-c", script])
        try #require(result.code == 0, "\(result.err)")
        return path
    }

    @Test func hostileTarballsAreRefused() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let outside = box.root + "/outside-target"
        try "untouched\n".write(toFile: outside, atomically: true, encoding: .utf8)
        let file = "    i = tarfile.TarInfo('{NAME}'); i.size = 4; t.addfile(i, io.BytesIO(b'evil'))\n"
        let cases: [(String, String)] = [
            ("dotdot", file.replacingOccurrences(of: "{NAME}", with: "../../escaped")),
            ("absolute", file.replacingOccurrences(of: "{NAME}", with: box.root + "/absolute")),
            ("symlink-write", """
                    l = tarfile.TarInfo('link'); l.type = tarfile.SYMTYPE; l.linkname = '\(box.root)'; t.addfile(l)

                """ + file.replacingOccurrences(of: "{NAME}", with: "link/through-symlink")),
            ("hardlink-out", """
                    h = tarfile.TarInfo('hard'); h.type = tarfile.LNKTYPE; h.linkname = '../../outside-target'; t.addfile(h)
                """),
            ("device", """
                    d = tarfile.TarInfo('dev/sda'); d.type = tarfile.CHRTYPE; d.devmajor = 8; d.devminor = 0; t.addfile(d)
                """),
        ]
        for (name, python) in cases {
            let path = try tarball(box, name, python)
            let before = snapshot(box)
            let result = box.run(["image", "import", path, "evil-\(name)"])
            #expect(result.code != 0, "\(name) was imported")
            #expect(result.err.hasPrefix("minirun: ") && result.err.split(separator: "\n").count == 1, "\(name): \(result.err)")
            #expect(snapshot(box) == before, "\(name) changed the state root")
        }
        #expect(!FileManager.default.fileExists(atPath: box.root + "/escaped"))
        #expect(!FileManager.default.fileExists(atPath: box.root + "/absolute"))
        #expect(!FileManager.default.fileExists(atPath: box.root + "/through-symlink"))
        #expect((try? String(contentsOfFile: outside, encoding: .utf8)) == "untouched\n")
        // setuid files are kept in images (they are legitimate there), where only root can reach them.
        let setuid = try tarball(box, "setuid", """
                i = tarfile.TarInfo('bin/su'); i.size = 4; i.mode = 0o4755; t.addfile(i, io.BytesIO(b'#!/x'))
            """)
        #expect(box.run(["image", "import", setuid, "with-setuid"]).code == 0)
        let images = try FileManager.default.attributesOfItem(atPath: box.root + "/images")
        #expect((images[.posixPermissions] as? Int) == 0o700)
    }

    @Test func hostileNamesAndValuesAreRefused() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(box.run(["network", "ls"]).code == 0)  // the default bridge says its subnet once
        let before = snapshot(box)
        let names = ["a/b", "..", "../x", "a b", "a\nb", "x;rm -rf /", "$(reboot)", "`id`", "a|b", String(repeating: "n", count: 129)]
        for name in names {
            for arguments in [["run", "--name", name, "busybox", "true"], ["network", "create", name]] {
                let result = box.run(arguments)
                #expect(result.code != 0 && result.err.split(separator: "\n").count == 1, "\(arguments): \(result.err)")
            }
        }
        let values: [[String]] = [
            ["run", "-e", "A=\u{1}ok", "--env-file", "/nonexistent", "busybox", "true"],
            ["run", "--mount", "type=bind,source=/nonexistent/path,target=/x", "busybox", "true"],
            ["run", "-v", "relative:/x:zz", "busybox", "true"],
            ["run", "-v", "/tmp:relative", "busybox", "true"],
            ["run", "-m", "lots", "busybox", "true"],
            ["run", "--cpus", "-1", "busybox", "true"],
            ["run", "--cpus", "99999", "busybox", "true"],
            ["run", "--pids-limit", "many", "busybox", "true"],
            ["run", "--memory-swap", "1m", "-m", "10m", "busybox", "true"],
            ["run", "--cap-add", "NOT_A_CAP", "busybox", "true"],
            ["run", "--security-opt", "apparmor=x", "busybox", "true"],
            ["run", "--restart", "sometimes", "busybox", "true"],
            ["run", "-p", "0:80", "-p", "99999:80", "busybox", "true"],
        ]
        for arguments in values {
            let result = box.run(arguments)
            #expect(result.code == 125 && result.err.split(separator: "\n").count == 1, "\(arguments): \(result.err)")
        }
        #expect(snapshot(box) == before)
        #expect(box.containerIDs.isEmpty)
    }

    /// A tree thousands of levels deep is refused at its first entry past 256 levels, with one line
    /// and nothing left; a tree 256 deep imports, and its removal and later imports still work.
    @Test func deepTreesAreRefusedPastTheDocumentedDepthAndNeverWedgeTheStore() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let tooDeep = try tarball(box, "too-deep", """
                for depth in range(1, 10001):
                    d = tarfile.TarInfo('/'.join(['d'] * depth)); d.type = tarfile.DIRTYPE; t.addfile(d)
            """)
        let before = snapshot(box)
        let refused = box.run(["image", "import", tooDeep, "too-deep"])
        #expect(refused.code == 125 || refused.code == 1, "\(refused.err)")
        #expect(refused.err.contains("more than 256 levels deep") && refused.err.split(separator: "\n").count == 1, "\(refused.err)")
        #expect(snapshot(box) == before)

        let deepest = try tarball(box, "deepest", """
                for depth in range(1, 257):
                    d = tarfile.TarInfo('/'.join(['d'] * depth)); d.type = tarfile.DIRTYPE; t.addfile(d)
            """)
        #expect(box.run(["image", "import", deepest, "deepest"]).code == 0)
        #expect(box.run(["rmi", "deepest"]).code == 0)
        #expect(box.run(["image", "import", deepest, "deepest"]).code == 0)
    }

    /// A container can make a tree deeper than a path can name in its own layer (by wrapping it in
    /// one more directory at a time: 300 levels, 6,300 bytes); removing the container still removes
    /// all of it.
    @Test func aContainersLayerDeeperThanPathMaxIsRemoved() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let level = String(repeating: "d", count: 20)
        let made = box.run(["run", "--name", "deep", "--net=none", "-w", "/tmp", "busybox", "sh", "-c",
                            "mkdir \(level); i=0; while [ $i -lt 300 ]; do mkdir w && mv \(level) w/ && mv w \(level) || exit 1; i=$((i+1)); done; echo made"])
        #expect(made.out == "made\n", "\(made.err)")
        let removed = box.run(["rm", "deep"])
        #expect(removed.code == 0, "\(removed.err)")
    }

    /// An import killed midway leaves its staging directory; the next import removes it, but never
    /// the one of an import still running, and `system reset` removes whatever is left.
    @Test func stagingDirectoriesOfKilledImportsAreRemoved() throws {
        let box = try Sandbox()
        defer { box.finish() }
        func staging() -> Set<String> {
            Set(((try? FileManager.default.contentsOfDirectory(atPath: box.root + "/images")) ?? []).filter { $0.hasPrefix(".staging-") })
        }
        func startImport(_ name: String) throws -> (Process, Pipe) {
            let process = Process()
            let input = Pipe()
            process.executableURL = URL(fileURLWithPath: Binaries.minirun)
            process.arguments = ["image", "import", "-", name]
            process.environment = ProcessInfo.processInfo.environment.merging(["MINIRUN_ROOT": box.root]) { $1 }
            process.standardInput = input
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            return (process, input)
        }
        let (killed, killedInput) = try startImport("killed")
        #expect(eventually { staging().count == 1 })
        let abandoned = staging()
        kill(killed.processIdentifier, SIGKILL)
        killed.waitUntilExit()
        // The unpacker it started ends when its input does.
        try killedInput.fileHandleForWriting.close()

        let (running, runningInput) = try startImport("running")
        #expect(eventually { staging().count == 2 })
        let live = staging().subtracting(abandoned)

        #expect(box.run(["image", "import", try BusyboxImage.tarball(), "next"]).code == 0)
        #expect(staging() == live, "the killed import's staging goes, the running one's stays")

        kill(running.processIdentifier, SIGKILL)
        running.waitUntilExit()
        try runningInput.fileHandleForWriting.close()
        #expect(box.run(["system", "reset", "--force"]).code == 0)
        #expect(staging().isEmpty)
    }
}
