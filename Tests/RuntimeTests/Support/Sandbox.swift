import Foundation
import Runtime

#if canImport(Glibc)
import Glibc
#endif

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A temporary directory with a destination `dest/` to extract into and sentinels around it that no
/// extraction may touch: `outside/` (a directory) and `outside-file`; inputs go to `input/`.
/// `snapshot()` lists everything in the sandbox except `dest/` and `input/` in enough detail (inode,
/// mode, owner, size, mtime, ctime, link count, symlink target) to see any creation or change.
final class Sandbox {
    let root: String
    var dest: String { root + "/dest" }
    var outside: String { root + "/outside" }
    var outsideFile: String { root + "/outside-file" }

    init() throws {
        var template = Array((FileManager.default.temporaryDirectory.path + "/minirun-archive-test.XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw TestFailure("mkdtemp: \(errno)") }
        root = String(cString: made)
        try FileManager.default.createDirectory(atPath: root + "/dest", withIntermediateDirectories: false)
        try FileManager.default.createDirectory(atPath: root + "/outside", withIntermediateDirectories: false)
        try FileManager.default.createDirectory(atPath: root + "/input", withIntermediateDirectories: false)
        try "original\n".write(toFile: root + "/outside-file", atomically: false, encoding: .utf8)
        chmod(root + "/outside", 0o755)
        chmod(root + "/outside-file", 0o644)
        var old = [timespec(tv_sec: 946_684_800, tv_nsec: 0), timespec(tv_sec: 946_684_800, tv_nsec: 0)]
        utimensat(AT_FDCWD, root + "/outside", &old, AT_SYMLINK_NOFOLLOW)
        utimensat(AT_FDCWD, root + "/outside-file", &old, AT_SYMLINK_NOFOLLOW)
    }

    deinit {
        try? ImageArchive.makeRemovable(root)
        try? FileManager.default.removeItem(atPath: root)
    }

    /// Every path in the sandbox except below dest/, plus `extra` paths (e.g. /etc/passwd), described.
    func snapshot(extra: [String] = []) -> [String] {
        var lines: [String] = []
        func walk(_ path: String) {
            lines.append(describe(path))
            guard isDirectory(path) else { return }
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            for name in names.sorted() where !(path == root && (name == "dest" || name == "input")) {
                walk(path + "/" + name)
            }
        }
        walk(root)
        for path in extra { lines.append(describe(path)) }
        return lines
    }

    /// Writes an archive's bytes to a file in the sandbox and extracts it into dest/.
    func extract(_ bytes: [UInt8], allowDevices: Bool = true) throws -> ExtractedArchive {
        let path = root + "/input/\(UUID().uuidString).tar"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { unlink(path) }
        return try ImageArchive.extract(fileAt: path, into: dest, allowDevices: allowDevices)
    }

    /// Extracts an archive that must be refused; returns the error, and fails unless nothing outside
    /// dest/ changed.
    func expectRefusal(_ entries: [TarEntry], allowDevices: Bool = true, extra: [String] = []) throws
        -> ImageArchive.Error
    {
        let before = snapshot(extra: extra)
        var caught: ImageArchive.Error?
        do {
            _ = try extract(TarWriter.archive(entries), allowDevices: allowDevices)
        } catch let error as ImageArchive.Error {
            caught = error
        }
        let after = snapshot(extra: extra)
        if before != after {
            throw TestFailure("outside of dest changed:\n" + after.filter { !before.contains($0) }.joined(separator: "\n"))
        }
        guard let caught else { throw TestFailure("the archive was extracted without an error") }
        return caught
    }
}

func isDirectory(_ path: String) -> Bool {
    var st = stat()
    return lstat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
}

func lstatOrNil(_ path: String) -> stat? {
    var st = stat()
    return lstat(path, &st) == 0 ? st : nil
}

func describe(_ path: String) -> String {
    guard let st = lstatOrNil(path) else { return "\(path) missing" }
    var line = "\(path) ino=\(st.st_ino) mode=\(String(st.st_mode, radix: 8)) uid=\(st.st_uid) gid=\(st.st_gid)"
    line += " size=\(st.st_size) nlink=\(st.st_nlink)"
    line += " mtime=\(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec) ctime=\(st.st_ctim.tv_sec).\(st.st_ctim.tv_nsec)"
    if (st.st_mode & S_IFMT) == S_IFLNK, let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) {
        line += " -> \(target)"
    }
    return line
}

func readText(_ path: String) -> String? {
    try? String(contentsOfFile: path, encoding: .utf8)
}

/// Runs a program, optionally with a file on stdin and stdout into a file; returns exit status and stdout.
@discardableResult
func run(_ argv: [String], stdinFile: String? = nil, stdoutFile: String? = nil) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = argv
    if let stdinFile { process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: stdinFile)) }
    let pipe = Pipe()
    if let stdoutFile {
        _ = FileManager.default.createFile(atPath: stdoutFile, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: stdoutFile))
    } else {
        process.standardOutput = pipe
    }
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = stdoutFile == nil ? pipe.fileHandleForReading.readDataToEndOfFile() : Data()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

func sha256sum(_ path: String) throws -> String {
    let result = try run(["sha256sum", path])
    guard result.status == 0, let digest = result.output.split(separator: " ").first else {
        throw TestFailure("sha256sum \(path) failed")
    }
    return String(digest)
}

/// libc functions the Glibc module does not export, looked up at run time.
enum Libc {
    private static func symbol<T>(_ name: String, as type: T.Type) -> T {
        guard let pointer = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else {
            fatalError("libc lacks \(name)")
        }
        return unsafeBitCast(pointer, to: type)
    }

    static let CLONE_FS: Int32 = 0x200
    static let unshare = symbol("unshare", as: (@convention(c) (Int32) -> Int32).self)
    static let pipe2 = symbol("pipe2", as: (@convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32).self)
    static let lgetxattr = symbol(
        "lgetxattr", as: (@convention(c) (UnsafePointer<CChar>, UnsafePointer<CChar>, UnsafeMutableRawPointer?, Int) -> Int).self)

    /// An extended attribute's value, or nil when the file has none of that name.
    static func xattr(_ path: String, _ name: String) -> [UInt8]? {
        let size = lgetxattr(path, name, nil, 0)
        guard size >= 0 else { return nil }
        var value = [UInt8](repeating: 0, count: size)
        let got = value.withUnsafeMutableBytes { lgetxattr(path, name, $0.baseAddress, size) }
        return got >= 0 ? Array(value.prefix(got)) : nil
    }

    static let FS_IOC_GETFLAGS: UInt = 0x8008_6601
    static let FS_IMMUTABLE_FL = 0x10
    static let FS_APPEND_FL = 0x20
    static let FS_NODUMP_FL = 0x40

    /// The inode flags (chattr) of a file or directory.
    static func inodeFlags(_ path: String) -> Int? {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var flags: Int = 0
        return ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0 ? flags : nil
    }

    static func major(_ dev: UInt) -> UInt { ((dev >> 8) & 0xfff) | ((dev >> 32) & ~UInt(0xfff)) }
    static func minor(_ dev: UInt) -> UInt { (dev & 0xff) | ((dev >> 12) & ~UInt(0xff)) }
}
