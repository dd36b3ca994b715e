import Foundation
import Runtime
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Archives crafted to write outside the destination. Each must fail with a message naming the entry,
/// and the sandbox around the destination (a directory, a file, and where named /etc/passwd) must be
/// exactly as before: nothing created, nothing changed, no new hard link to anything.
@Suite("ImageArchive: hostile archives")
struct HostileArchiveTests {
    @Test("'..' as the first component")
    func dotDot() throws {
        let sandbox = try Sandbox()
        let error = try sandbox.expectRefusal([.file("../evil", "x")])
        #expect(error == .refused(#"refusing "../evil": path contains '..'"#))
    }

    @Test("'..' after a harmless component climbs out too")
    func dotDotInside() throws {
        let sandbox = try Sandbox()
        let error = try sandbox.expectRefusal([.file("a/../../evil", "x")])
        #expect(error == .refused(#"refusing "a/../../evil": path contains '..'"#))
    }

    @Test("'..' hidden behind './' and a trailing slash")
    func dotDotDirectory() throws {
        let sandbox = try Sandbox()
        let error = try sandbox.expectRefusal([.directory("./a/./../../evil-dir/")])
        #expect(error == .refused(#"refusing "./a/./../../evil-dir/": path contains '..'"#))
    }

    @Test("an absolute path")
    func absolutePath() throws {
        let sandbox = try Sandbox()
        let target = sandbox.root + "/abs-evil"
        let error = try sandbox.expectRefusal([.file(target, "x")])
        #expect(error == .refused("refusing \"\(target)\": absolute path"))
    }

    @Test("a symlink to an absolute directory, then a file written through it")
    func fileThroughAbsoluteSymlink() throws {
        let sandbox = try Sandbox()
        let error = try sandbox.expectRefusal([
            .symlink("link", to: sandbox.outside),
            .file("link/pwned", "x"),
        ])
        #expect(error == .refused(#"refusing "link/pwned": path goes through the symlink "link""#))
    }

    @Test("a symlink to '../..', then a file written through it")
    func fileThroughRelativeSymlink() throws {
        let sandbox = try Sandbox()
        let error = try sandbox.expectRefusal([
            .directory("a/"),
            .symlink("a/up", to: "../.."),
            .file("a/up/outside/pwned", "x"),
        ])
        #expect(error == .refused(#"refusing "a/up/outside/pwned": path goes through the symlink "a/up""#))
    }

    @Test("a symlink to an absolute directory, then a directory entry through it")
    func directoryThroughSymlink() throws {
        let sandbox = try Sandbox()
        let error = try sandbox.expectRefusal([
            .symlink("link", to: sandbox.outside),
            .directory("link/sub/", mode: 0o777),
        ])
        #expect(error == .refused(#"refusing "link/sub/": path goes through the symlink "link""#))
    }

    @Test("a hard link to '../outside-file'")
    func hardLinkDotDot() throws {
        let sandbox = try Sandbox()
        let error = try sandbox.expectRefusal([.hardlink("h", to: "../outside-file")])
        #expect(error == .refused(#"refusing "h": hard link target "../outside-file": path contains '..'"#))
    }

    @Test("a hard link to an absolute path outside")
    func hardLinkAbsolute() throws {
        let sandbox = try Sandbox()
        let error = try sandbox.expectRefusal([.hardlink("h", to: sandbox.outsideFile)])
        #expect(error == .refused("refusing \"h\": hard link target \"\(sandbox.outsideFile)\": absolute path"))
    }

    @Test("a hard link to /etc/passwd, with data that would overwrite it")
    func hardLinkEtcPasswd() throws {
        let sandbox = try Sandbox()
        let error = try sandbox.expectRefusal(
            [.hardlink("passwd", to: "/etc/passwd", data: "root::0:0::/:/bin/sh\n")], extra: ["/etc/passwd"])
        #expect(error == .refused(#"refusing "passwd": hard link target "/etc/passwd": absolute path"#))
    }

    @Test("a hard link whose target goes through a symlink to outside")
    func hardLinkThroughSymlink() throws {
        let sandbox = try Sandbox()
        let error = try sandbox.expectRefusal([
            .symlink("l", to: sandbox.root),
            .hardlink("h", to: "l/outside-file"),
        ])
        #expect(error == .refused(#"refusing "h": hard link target goes through the symlink "l""#))
    }

    /// libarchive 3.6.2 alone links h to the symlink itself, then chmods "h" following the symlink:
    /// the outside file would become mode 6777.
    @Test("a hard link with data to a symlink that points outside")
    func hardLinkWithDataToSymlink() throws {
        let sandbox = try Sandbox()
        let error = try sandbox.expectRefusal([
            .symlink("s", to: sandbox.outsideFile),
            TarEntry(path: "h", kind: .hardlink("s", data: Array("pwned".utf8)), mode: 0o6777),
        ])
        #expect(error == .refused(#"refusing "h": hard link with data to "s", which is not a regular file"#))
        #expect(lstatOrNil(sandbox.outsideFile).map { $0.st_mode & 0o7777 } == 0o644)
        #expect(readText(sandbox.outsideFile) == "original\n")
    }

    @Test("device nodes are refused when not allowed", arguments: ["char", "block"])
    func deviceNotAllowed(kind: String) throws {
        let sandbox = try Sandbox()
        let entry = kind == "char"
            ? TarEntry(path: "dev/mem", kind: .characterDevice(major: 1, minor: 1), mode: 0o666)
            : TarEntry(path: "dev/sda", kind: .blockDevice(major: 8, minor: 0), mode: 0o666)
        let error = try sandbox.expectRefusal([.directory("dev/"), entry], allowDevices: false)
        let expected = kind == "char"
            ? #"refusing "dev/mem": character device node, and device nodes are not allowed here"#
            : #"refusing "dev/sda": block device node, and device nodes are not allowed here"#
        #expect(error == .refused(expected))
        #expect(!FileManager.default.fileExists(atPath: sandbox.dest + "/" + entry.path))
    }

    @Test("fifos are not devices: allowed without allowDevices")
    func fifoWithoutDevices() throws {
        let sandbox = try Sandbox()
        _ = try sandbox.extract(TarWriter.archive([TarEntry(path: "fifo", kind: .fifo, mode: 0o600)]), allowDevices: false)
        #expect(lstatOrNil(sandbox.dest + "/fifo").map { $0.st_mode & S_IFMT } == S_IFIFO)
    }

    @Test("the archive's root entry cannot be a symlink")
    func rootAsSymlink() throws {
        let sandbox = try Sandbox()
        let error = try sandbox.expectRefusal([.symlink("./", to: sandbox.outside), .file("x", "x")])
        #expect(error == .refused(#"refusing "./": the archive's root can only be a directory"#))
    }

    @Test("control characters in a name are escaped: the message stays one line")
    func controlCharactersEscaped() throws {
        let sandbox = try Sandbox()
        let error = try sandbox.expectRefusal([.file("a\nb\u{1b}[2J/../../x", "x")])
        #expect(error == .refused(#"refusing "a\x0ab\x1b[2J/../../x": path contains '..'"#))
        #expect(!error.description.contains("\n"))
    }

    @Test("a path longer than PATH_MAX (libarchive would chdir its way down) is refused")
    func pathTooLong() throws {
        let sandbox = try Sandbox()
        let long = Array(repeating: String(repeating: "d", count: 200), count: 25).joined(separator: "/") + "/f"
        let error = try sandbox.expectRefusal([.file(long, "x")])
        guard case .refused(let message) = error else {
            Issue.record("expected a refusal, got \(error)")
            return
        }
        #expect(message.hasPrefix("refusing \"dddd"))
        #expect(message.hasSuffix("...\": path is too long"))
    }

    @Test("a hard link to a file the archive does not have is an invalid archive")
    func hardLinkToMissingTarget() throws {
        let sandbox = try Sandbox()
        let before = sandbox.snapshot()
        #expect(throws: ImageArchive.Error.invalidArchive(
            #"extracting "h": hard link target "missing" does not exist"#)) {
            _ = try sandbox.extract(TarWriter.archive([.hardlink("h", to: "missing")]))
        }
        #expect(sandbox.snapshot() == before)
    }

    @Test("a later entry replaces a symlink instead of writing through it")
    func replacesSymlink() throws {
        let sandbox = try Sandbox()
        let before = sandbox.snapshot()
        _ = try sandbox.extract(TarWriter.archive([
            .symlink("issue", to: sandbox.outsideFile),
            .file("issue", "replaced\n"),
            .symlink("dir", to: sandbox.outside),
            .directory("dir/", mode: 0o700),
            .file("dir/inside", "x"),
        ]))
        #expect(sandbox.snapshot() == before)
        #expect(readText(sandbox.dest + "/issue") == "replaced\n")
        #expect(isDirectory(sandbox.dest + "/dir"))
        #expect(readText(sandbox.dest + "/dir/inside") == "x")
        #expect(readText(sandbox.outsideFile) == "original\n")
    }

    @Test("a directory replaced by a symlink: its deferred mode and time do not follow the symlink")
    func deferredFixupDoesNotFollowSymlink() throws {
        let sandbox = try Sandbox()
        let before = sandbox.snapshot()
        _ = try sandbox.extract(TarWriter.archive([
            .directory("d/", mode: 0o751, mtime: 1_234_567_890),
            .symlink("d", to: sandbox.outside),
        ]))
        #expect(sandbox.snapshot() == before)
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: sandbox.dest + "/d")) == sandbox.outside)
    }

    @Test("a hostile entry after good ones: error, and what was extracted stays inside")
    func hostileAfterGoodEntries() throws {
        let sandbox = try Sandbox()
        let error = try sandbox.expectRefusal([
            .directory("etc/"),
            .file("etc/passwd", "root:x:0:0::/root:/bin/sh\n"),
            .symlink("etc/shadow", to: "/etc/shadow"),
            .symlink("escape", to: "/"),
            .file("escape" + sandbox.root + "/pwned", "x"),
        ], extra: ["/etc/shadow"])
        #expect(error == .refused("refusing \"escape\(sandbox.root)/pwned\": path goes through the symlink \"escape\""))
        #expect(readText(sandbox.dest + "/etc/passwd") == "root:x:0:0::/root:/bin/sh\n")
    }
}
