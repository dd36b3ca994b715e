import Foundation
import Runtime
import Testing

#if canImport(Glibc)
import Glibc
#endif

private func mode(_ path: String) -> UInt32? {
    lstatOrNil(path).map { UInt32($0.st_mode) & 0o7777 }
}

private func fileType(_ path: String) -> UInt32? {
    lstatOrNil(path).map { UInt32($0.st_mode) & UInt32(S_IFMT) }
}

private func mtime(_ path: String) -> Int? {
    lstatOrNil(path).map { Int($0.st_mtim.tv_sec) }
}

/// An ordinary rootfs-like tree: nested directories with their own modes and times, executables,
/// a symlink, a hard link, a fifo, a long (pax) name, and a directory only implied by a file.
private let longName = "deep/" + String(repeating: "d", count: 120) + "/file"
private let ordinaryTree: [TarEntry] = [
    .directory("./", mode: 0o755, mtime: 1_100_000_000),
    .directory("etc/", mode: 0o755, mtime: 1_200_000_000),
    .file("etc/motd", "hello\n", mtime: 1_300_000_000),
    .directory("bin/", mode: 0o755),
    .file("bin/tool", "#!/bin/sh\necho tool\n", mode: 0o755),
    .symlink("bin/sh", to: "tool"),
    .hardlink("bin/hard", to: "bin/tool"),
    .file("data/readonly", "ro", mode: 0o444),
    .directory("private/", mode: 0o700, mtime: 1_400_000_000),
    .file("private/secret", "s3cret", mode: 0o600),
    .directory("tmp/", mode: 0o1777),
    TarEntry(path: "pipe", kind: .fifo, mode: 0o640),
    .file(longName, "long"),
]
/// Its files' bytes, the hard link counted once, and the symlink's target ("tool"), as Docker sums
/// an image's size.
private let ordinaryTreeBytes: UInt64 = 6 + 20 + 2 + 6 + 4 + 4

private func checkOrdinaryTree(in dest: String) {
    #expect(readText(dest + "/etc/motd") == "hello\n")
    #expect(mode(dest + "/etc/motd") == 0o644)
    #expect(mtime(dest + "/etc/motd") == 1_300_000_000)
    // Directory times are restored after their contents were written.
    #expect(mtime(dest + "/etc") == 1_200_000_000)
    #expect(mtime(dest + "/private") == 1_400_000_000)
    #expect(mode(dest + "/private") == 0o700)
    #expect(mode(dest + "/private/secret") == 0o600)
    // "./" applies to the destination itself.
    #expect(mode(dest) == 0o755)
    #expect(mtime(dest) == 1_100_000_000)

    #expect(readText(dest + "/bin/tool") == "#!/bin/sh\necho tool\n")
    #expect(mode(dest + "/bin/tool") == 0o755)
    #expect(fileType(dest + "/bin/sh") == UInt32(S_IFLNK))
    #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: dest + "/bin/sh")) == "tool")
    let tool = lstatOrNil(dest + "/bin/tool"), hard = lstatOrNil(dest + "/bin/hard")
    #expect(tool != nil && tool?.st_ino == hard?.st_ino)
    #expect(tool?.st_nlink == 2)

    #expect(readText(dest + "/data/readonly") == "ro")
    #expect(mode(dest + "/data/readonly") == 0o444)
    #expect(mode(dest + "/data") == 0o755)  // implied by a file: created 0755 whatever the umask
    #expect(mode(dest + "/tmp") == 0o1777)
    #expect(fileType(dest + "/pipe") == UInt32(S_IFIFO))
    #expect(mode(dest + "/pipe") == 0o640)
    #expect(readText(dest + "/" + longName) == "long")
}

@Suite("ImageArchive: extraction")
struct ImageArchiveTests {
    @Test("files, directories, links, fifo, modes and times are kept; sha256 is that of the input")
    func ordinaryArchive() throws {
        let sandbox = try Sandbox()
        let before = sandbox.snapshot()
        let input = sandbox.root + "/input/plain.tar"
        try Data(TarWriter.archive(ordinaryTree)).write(to: URL(fileURLWithPath: input))
        let result = try ImageArchive.extract(fileAt: input, into: sandbox.dest)
        checkOrdinaryTree(in: sandbox.dest)
        #expect(result.unpackedBytes == ordinaryTreeBytes)
        #expect(result.sha256 == (try sha256sum(input)))
        #expect(sandbox.snapshot() == before)
    }

    @Test("owners, setuid/setgid bits, device nodes and trusted xattrs are kept (root)",
          .enabled(if: getuid() == 0, "needs root to chown and mknod"))
    func ownershipAndDevices() throws {
        let sandbox = try Sandbox()
        _ = try sandbox.extract(TarWriter.archive([
            .file("suid-root", "x", mode: 0o4755),
            .file("owned", "x", mode: 0o640, uid: 1234, gid: 5678),
            .file("suid-owned", "x", mode: 0o6755, uid: 1234, gid: 5678),
            .directory("sgid-dir/", mode: 0o2775, gid: 50),
            .file("nobody", "x", uid: 65534, gid: 65534),
            .symlink("link-owned", to: "owned", uid: 42, gid: 43),
            TarEntry(path: "dev/null", kind: .characterDevice(major: 1, minor: 3), mode: 0o666),
            TarEntry(path: "dev/loop9", kind: .blockDevice(major: 7, minor: 9), mode: 0o660, gid: 6),
            .file("trusted", "x", pax: [("SCHILY.xattr.trusted.minirun", "kept")]),
        ]))
        let dest = sandbox.dest
        #expect(mode(dest + "/suid-root") == 0o4755)
        let owned = lstatOrNil(dest + "/owned")
        #expect(owned?.st_uid == 1234 && owned?.st_gid == 5678)
        #expect(mode(dest + "/owned") == 0o640)
        #expect(mode(dest + "/suid-owned") == 0o6755)
        #expect(lstatOrNil(dest + "/suid-owned")?.st_uid == 1234)
        #expect(mode(dest + "/sgid-dir") == 0o2775)
        #expect(lstatOrNil(dest + "/sgid-dir")?.st_gid == 50)
        #expect(lstatOrNil(dest + "/nobody")?.st_uid == 65534)
        let link = lstatOrNil(dest + "/link-owned")
        #expect(link?.st_uid == 42 && link?.st_gid == 43)

        let null = lstatOrNil(dest + "/dev/null")
        #expect(null.map { UInt32($0.st_mode) & UInt32(S_IFMT) } == UInt32(S_IFCHR))
        #expect(null.map { Libc.major(UInt($0.st_rdev)) } == 1 && null.map { Libc.minor(UInt($0.st_rdev)) } == 3)
        #expect(mode(dest + "/dev/null") == 0o666)
        let loop = lstatOrNil(dest + "/dev/loop9")
        #expect(loop.map { UInt32($0.st_mode) & UInt32(S_IFMT) } == UInt32(S_IFBLK))
        #expect(loop.map { Libc.major(UInt($0.st_rdev)) } == 7 && loop.map { Libc.minor(UInt($0.st_rdev)) } == 9)
        #expect(loop?.st_gid == 6)
        #expect(Libc.xattr(dest + "/trusted", "trusted.minirun") == Array("kept".utf8))
    }

    @Test("user xattrs, POSIX ACLs and file flags are kept")
    func xattrsAclsAndFlags() throws {
        let sandbox = try Sandbox()
        _ = try sandbox.extract(TarWriter.archive([
            .file("commented", "x", pax: [("SCHILY.xattr.user.comment", "hello")]),
            .file("acl", "x", pax: [("SCHILY.acl.access", "user::rw-,user:1234:r--,group::r--,mask::r--,other::r--")]),
            .directory("default-acl/", pax: [("SCHILY.acl.default", "user::rwx,group::r-x,other::r-x,user:1234:rwx,mask::rwx")]),
            .file("nodump", "x", pax: [("SCHILY.fflags", "nodump")]),
            .file("plain", "x"),
        ]))
        let dest = sandbox.dest
        #expect(Libc.xattr(dest + "/commented", "user.comment") == Array("hello".utf8))
        // The binary ACL xattr: header (4 bytes) then 8 bytes per entry; 5 entries, one for uid 1234.
        let acl = Libc.xattr(dest + "/acl", "system.posix_acl_access")
        #expect(acl?.count == 4 + 5 * 8)
        #expect(acl.map { $0.contains(0xd2) && $0.contains(0x04) } == true)  // 1234 = 0x04d2
        #expect(Libc.xattr(dest + "/default-acl", "system.posix_acl_default") != nil)
        #expect(Libc.xattr(dest + "/plain", "system.posix_acl_access") == nil)
        #expect(Libc.inodeFlags(dest + "/nodump").map { $0 & Libc.FS_NODUMP_FL != 0 } == true)
        #expect(Libc.inodeFlags(dest + "/plain").map { $0 & Libc.FS_NODUMP_FL != 0 } == false)
    }

    @Test("immutable and append-only flags are kept; makeRemovable clears them (root)",
          .enabled(if: getuid() == 0, "needs CAP_LINUX_IMMUTABLE"))
    func immutableFlagsAndMakeRemovable() throws {
        let sandbox = try Sandbox()
        _ = try sandbox.extract(TarWriter.archive([
            .file("frozen", "x", pax: [("SCHILY.fflags", "schg")]),
            .directory("append-only/", pax: [("SCHILY.fflags", "sappnd")]),
            .file("append-only/log", "x"),
        ]))
        #expect(Libc.inodeFlags(sandbox.dest + "/frozen").map { $0 & Libc.FS_IMMUTABLE_FL != 0 } == true)
        #expect(Libc.inodeFlags(sandbox.dest + "/append-only").map { $0 & Libc.FS_APPEND_FL != 0 } == true)
        #expect(throws: (any Error).self) { try FileManager.default.removeItem(atPath: sandbox.dest) }
        try ImageArchive.makeRemovable(sandbox.dest)
        try FileManager.default.removeItem(atPath: sandbox.dest)
    }

    @Test("after a failure the destination can be removed, even with immutable entries (root)",
          .enabled(if: getuid() == 0, "needs CAP_LINUX_IMMUTABLE"))
    func removableAfterFailure() throws {
        let sandbox = try Sandbox()
        let error = try sandbox.expectRefusal([
            .file("frozen", "x", pax: [("SCHILY.fflags", "schg")]),
            .directory("append-only/", mode: 0o555, pax: [("SCHILY.fflags", "sappnd")]),
            .file("append-only/log", "x"),
            .file("../evil", "x"),
        ])
        #expect(error == .refused(#"refusing "../evil": path contains '..'"#))
        #expect(FileManager.default.fileExists(atPath: sandbox.dest + "/frozen"))
        try FileManager.default.removeItem(atPath: sandbox.dest)
    }

    @Test("compressed archives are detected and hashed as given", arguments: ["cat", "gzip", "bzip2", "xz", "zstd"])
    func compressed(compressor: String) throws {
        let sandbox = try Sandbox()
        let plain = sandbox.root + "/input/tree.tar"
        let packed = sandbox.root + "/input/tree.tar.\(compressor)"
        try Data(TarWriter.archive(ordinaryTree)).write(to: URL(fileURLWithPath: plain))
        let args = compressor == "cat" ? ["cat"] : [compressor, "-c"]
        #expect(try run(args, stdinFile: plain, stdoutFile: packed).status == 0)
        let result = try ImageArchive.extract(fileAt: packed, into: sandbox.dest)
        checkOrdinaryTree(in: sandbox.dest)
        #expect(result.sha256 == (try sha256sum(packed)))
        if compressor != "cat" {
            #expect(result.sha256 != (try sha256sum(plain)))
        }
        #expect(result.unpackedBytes == ordinaryTreeBytes)
    }

    @Test("sha256 covers every input byte, whatever the length", arguments: [0, 1, 55, 56, 63, 64, 65, 119, 511, 4097, 70_001])
    func sha256OfVariousLengths(size: Int) throws {
        let sandbox = try Sandbox()
        var generator = SystemRandomNumberGenerator()
        let content = String((0..<size).map { _ in Character(UnicodeScalar(UInt8.random(in: 97...122, using: &generator))) })
        let plain = sandbox.root + "/input/x.tar", packed = plain + ".gz"
        try Data(TarWriter.archive([.file("file", content)])).write(to: URL(fileURLWithPath: plain))
        try run(["gzip", "-c"], stdinFile: plain, stdoutFile: packed)
        let result = try ImageArchive.extract(fileAt: packed, into: sandbox.dest)
        #expect(result.sha256 == (try sha256sum(packed)))
        #expect(result.unpackedBytes == UInt64(size))
        #expect(readText(sandbox.dest + "/file") == content)
    }

    @Test("bytes after the end-of-archive blocks are part of the image ID")
    func trailingBytesAreHashed() throws {
        let sandbox = try Sandbox()
        let input = sandbox.root + "/input/padded.tar"
        let bytes = TarWriter.archive([.file("a", "a")]) + [UInt8](repeating: 0xab, count: 300_000)
        try Data(bytes).write(to: URL(fileURLWithPath: input))
        let result = try ImageArchive.extract(fileAt: input, into: sandbox.dest)
        #expect(result.sha256 == (try sha256sum(input)))
    }

    @Test("a pipe works as input (like stdin)")
    func pipeInput() throws {
        let sandbox = try Sandbox()
        let plain = sandbox.root + "/input/tree.tar", packed = plain + ".xz"
        try Data(TarWriter.archive(ordinaryTree)).write(to: URL(fileURLWithPath: plain))
        try run(["xz", "-c"], stdinFile: plain, stdoutFile: packed)
        let data = try Data(contentsOf: URL(fileURLWithPath: packed))
        let pipe = Pipe()
        let writer = Thread {
            // Small writes, so that the reader sees many short reads.
            var offset = 0
            while offset < data.count {
                let end = min(offset + 777, data.count)
                pipe.fileHandleForWriting.write(data.subdata(in: offset..<end))
                offset = end
            }
            try? pipe.fileHandleForWriting.close()
        }
        writer.start()
        let result = try ImageArchive.extract(from: pipe.fileHandleForReading.fileDescriptor, into: sandbox.dest)
        checkOrdinaryTree(in: sandbox.dest)
        #expect(result.sha256 == (try sha256sum(packed)))
    }

    @Test("neither the caller's umask nor its working directory matters, and both are left alone")
    func independentOfCwdAndUmask() throws {
        let sandbox = try Sandbox()
        let cwd = sandbox.root + "/cwd"
        try FileManager.default.createDirectory(atPath: cwd, withIntermediateDirectories: false)
        let input = sandbox.root + "/input/tree.tar"
        try Data(TarWriter.archive(ordinaryTree)).write(to: URL(fileURLWithPath: input))

        // On a thread with a filesystem context of its own, so that the process's stays untouched
        // for the tests running in parallel.
        final class Outcome: @unchecked Sendable {
            var error: (any Error)?
            var umaskAfter: mode_t = 0
            var cwdAfter = ""
        }
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            defer { done.signal() }
            guard Libc.unshare(Libc.CLONE_FS) == 0, chdir(cwd) == 0 else {
                outcome.error = TestFailure("unshare/chdir: \(errno)")
                return
            }
            umask(0o077)
            do {
                // A relative destination is resolved against the caller's cwd.
                _ = try ImageArchive.extract(fileAt: input, into: "../dest")
            } catch {
                outcome.error = error
            }
            outcome.umaskAfter = umask(0o077)
            outcome.cwdAfter = FileManager.default.currentDirectoryPath
        }
        thread.start()
        done.wait()
        if let error = outcome.error { throw error }
        checkOrdinaryTree(in: sandbox.dest)
        #expect(outcome.umaskAfter == 0o077)
        #expect(outcome.cwdAfter == cwd)
        #expect(try FileManager.default.contentsOfDirectory(atPath: cwd).isEmpty)
    }

    @Test("input that is not a readable tarball is an error", arguments: [
        "empty", "text", "random", "truncated-tar", "truncated-gzip", "bad-checksum", "no-entries",
    ])
    func invalidInput(kind: String) throws {
        let sandbox = try Sandbox()
        let tar = TarWriter.archive([.file("big", String(repeating: "x", count: 5000)), .file("after", "y")])
        var bytes: [UInt8]
        switch kind {
        case "empty": bytes = []
        case "text": bytes = Array("this is not an archive\n".utf8)
        case "random":
            var generator = SystemRandomNumberGenerator()
            bytes = (0..<8192).map { _ in UInt8.random(in: 0...255, using: &generator) }
            bytes[0] = 0x42  // never a compression magic
        case "truncated-tar": bytes = Array(tar.prefix(2048))
        case "truncated-gzip":
            let plain = sandbox.root + "/input/t.tar", packed = plain + ".gz"
            try Data(tar).write(to: URL(fileURLWithPath: plain))
            try run(["gzip", "-c"], stdinFile: plain, stdoutFile: packed)
            let gz = try [UInt8](Data(contentsOf: URL(fileURLWithPath: packed)))
            bytes = Array(gz.prefix(gz.count / 2))
        case "bad-checksum":
            bytes = tar
            bytes[0] ^= 0x20  // the name changes, the checksum no longer matches
        case "no-entries": bytes = [UInt8](repeating: 0, count: 10240)
        default: throw TestFailure("unknown case \(kind)")
        }
        let before = sandbox.snapshot()
        do {
            _ = try sandbox.extract(bytes)
            Issue.record("\(kind): extracted without error")
        } catch let error as ImageArchive.Error {
            guard case .invalidArchive(let message) = error else {
                Issue.record("\(kind): expected invalidArchive, got \(error)")
                return
            }
            #expect(message.hasPrefix("invalid archive"))
            #expect(!message.contains("\n"))
            if kind == "truncated-tar" || kind == "truncated-gzip" {
                #expect(message.lowercased().contains("truncated"), "\(message)")
            }
            if kind == "no-entries" {
                #expect(message == "invalid archive: it contains no entries")
            }
        }
        #expect(sandbox.snapshot() == before)
    }

    @Test("a missing destination is an error that names it")
    func missingDestination() throws {
        let sandbox = try Sandbox()
        let input = sandbox.root + "/input/a.tar"
        try Data(TarWriter.archive([.file("a", "a")])).write(to: URL(fileURLWithPath: input))
        let missing = sandbox.root + "/no-such-dir"
        #expect(throws: ImageArchive.Error.failed(
            "cannot open the destination directory \"\(missing)\": No such file or directory")) {
            try ImageArchive.extract(fileAt: input, into: missing)
        }
    }
}
