import CRuntimeShims
import Glibc

/// Small, allocation-light file helpers on top of the system calls (no Foundation on the hot path).
public enum FileSystem {
    public static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    public static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    /// Whether another filesystem is mounted on the directory `path` (its device is not its
    /// parent's); a bind of the same filesystem is not seen.
    public static func isMountPoint(_ path: String) -> Bool {
        var here = stat(), parent = stat()
        return stat(path, &here) == 0 && stat(path + "/..", &parent) == 0 && here.st_dev != parent.st_dev
    }

    /// The whole file, or nil when it does not exist.
    public static func read(_ path: String) throws -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw RuntimeError.system("open \(path)")
        }
        defer { close(fd) }
        return try readAll(fd: fd, path: path)
    }

    /// A symlink's target as written.
    public static func readLink(_ path: String) throws -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink(path, &buffer, buffer.count - 1)
        if n < 0 { throw RuntimeError.system("readlink \(path)") }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `path` against the working directory when relative ("" and "." are the directory itself);
    /// as it is when that cannot be read.
    public static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX))
        guard getcwd(&buffer, buffer.count) != nil else { return path }
        let cwd = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return path.isEmpty || path == "." ? cwd : cwd + "/" + path
    }

    public static func readAll(fd: Int32, path: String) throws -> [UInt8] {
        var bytes: [UInt8] = []
        try readChunks(fd: fd, path: path, chunkSize: 16384) { bytes.append(contentsOf: $0) }
        return bytes
    }

    public static func readString(_ path: String) throws -> String? {
        try read(path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Writes through a temporary file and rename(2), so a reader or a killed writer never leaves
    /// half a file behind. On a full disk the new content is written over the old in place when it
    /// fits in the blocks the file holds already (see `overwriteWithinItsBlocks`): a stop, a kill or
    /// a removal must still record what it did after a container filled the disk, and what they
    /// write is never longer than what was there.
    public static func writeAtomically(_ path: String, _ bytes: [UInt8], mode: mode_t = 0o644) throws {
        // Per thread, not only per process: two build stages writing the same seccomp cache file at
        // once shared one temporary name, and the second rename found it gone.
        let temporary = path + ".tmp-\(getpid())-\(pthread_self())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        var failure = fd < 0 ? errno : writeAll(fd: fd, bytes)
        if fd >= 0 && close(fd) != 0 && failure == 0 { failure = errno }
        if failure != 0 {
            unlink(temporary)
            if (failure == ENOSPC || failure == EDQUOT) && overwriteWithinItsBlocks(path, bytes) { return }
            throw RuntimeError.system("write \(temporary)", failure)
        }
        if Glibc.rename(temporary, path) != 0 {
            let saved = errno
            unlink(temporary)
            throw RuntimeError.system("rename \(path)", saved)
        }
    }

    public static func writeAtomically(_ path: String, _ text: String, mode: mode_t = 0o644) throws {
        try writeAtomically(path, Array(text.utf8), mode: mode)
    }

    /// Creates or truncates the file and writes it in place (for files bind-mounted into containers,
    /// whose inode must stay the same).
    public static func write(_ path: String, _ bytes: [UInt8], mode: mode_t = 0o644) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        if fd < 0 { throw RuntimeError.system("open \(path)") }
        defer { close(fd) }
        try writeAll(fd: fd, bytes, path: path)
    }

    /// Writes the file over from its start and cuts it to the new length: the same inode and, while
    /// the content fits, the same block. Not atomic: for files whose readers can tell a torn write.
    public static func overwrite(_ path: String, _ bytes: [UInt8], mode: mode_t = 0o644) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, mode)
        if fd < 0 { throw RuntimeError.system("open \(path)") }
        defer { close(fd) }
        try writeAll(fd: fd, bytes, path: path)
        if ftruncate(fd, off_t(bytes.count)) != 0 { throw RuntimeError.system("truncate \(path)") }
    }

    public static func writeAll(fd: Int32, _ bytes: [UInt8], path: String) throws {
        let failure = writeAll(fd: fd, bytes)
        if failure != 0 { throw RuntimeError.system("write \(path)", failure) }
    }

    /// 0 once every byte is written, else the errno of the write that failed.
    public static func writeAll(fd: Int32, _ bytes: [UInt8]) -> Int32 {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            done += n
        }
        return 0
    }

    /// Copies what `input` reads, to its end, into `output`, a megabyte at a time: 0, or the errno
    /// of the read or write that failed.
    static func copyContents(from input: Int32, to output: Int32) -> Int32 {
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(input, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { return errno }
            if n == 0 { return 0 }
            let failure = writeAll(fd: output, Array(buffer[0..<n]))
            if failure != 0 { return failure }
        }
    }

    /// Writes `bytes` over the file from its start and cuts it to their length, but only when the
    /// blocks the file already holds take them all, so that no block has to be found on a full disk;
    /// false, with the file untouched, otherwise. Not atomic: a writer killed within this one
    /// write(2) could leave the file torn, which readers of records report as damaged.
    private static func overwriteWithinItsBlocks(_ path: String, _ bytes: [UInt8]) -> Bool {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        if fd < 0 { return false }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, Int(st.st_blocks) * 512 >= bytes.count else { return false }
        return writeAll(fd: fd, bytes) == 0 && ftruncate(fd, off_t(bytes.count)) == 0
    }

    /// mkdir -p.
    public static func makeDirectories(_ path: String, mode: mode_t = 0o755) throws {
        if mkdir(path, mode) == 0 || (errno == EEXIST && isDirectory(path)) { return }
        guard errno == ENOENT, let slash = path.lastIndex(of: "/"), slash != path.startIndex else {
            throw RuntimeError.system("mkdir \(path)")
        }
        try makeDirectories(String(path[..<slash]), mode: mode)
        if mkdir(path, mode) != 0 && errno != EEXIST {
            throw RuntimeError.system("mkdir \(path)")
        }
    }

    /// rm -rf that never crosses into another filesystem (a mount left inside stops it).
    public static func removeTree(_ path: String) throws {
        let rc = mr_remove_tree(path)
        if rc != 0 { throw RuntimeError.system("remove \(path)", -rc) }
    }

    public static func remove(_ path: String) {
        unlink(path)
    }

    public static func rename(_ path: String, to newPath: String) throws {
        if Glibc.rename(path, newPath) != 0 { throw RuntimeError.system("rename \(path)") }
    }

    public static func list(_ directory: String) -> [String] {
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}
