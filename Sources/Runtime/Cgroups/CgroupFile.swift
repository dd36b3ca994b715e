import Glibc

/// Reading and writing cgroup control files. Each value goes in one write(2) into a file the kernel
/// made (never created here, so a missing file is an error and not a silent new file), and reads
/// treat a missing file as "this controller or feature is not here".
enum CgroupFile {
    /// Writes a value; 0 or the errno of the failure (EBUSY, EINVAL and ENOENT mean different things
    /// to the callers).
    static func write(_ value: String, to path: String) -> Int32 {
        writeEach([value], to: path)?.errno ?? 0
    }

    /// Writes each value with a write(2) of its own through one open file, as a file that takes one
    /// entry per write wants (v1's devices.allow: 12 rules through one fd cost half of 12 opens).
    /// Nil, or the value that failed and its errno.
    static func writeEach(_ values: [String], to path: String) -> (value: String, errno: Int32)? {
        let fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC)
        if fd < 0 { return (values.first ?? "", errno) }
        defer { close(fd) }
        for value in values {
            let bytes = Array(value.utf8)
            while true {
                let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
                if n >= 0 {
                    if n != bytes.count { return (value, EIO) }
                    break
                }
                if errno != EINTR { return (value, errno) }
            }
        }
        return nil
    }

    /// Writes a value or throws "cgroups: write 64 to /sys/.../pids.max: Invalid argument".
    static func set(_ value: String, at path: String) throws {
        let failure = write(value, to: path)
        if failure != 0 { throw RuntimeError.system("cgroups: write \(value) to \(path)", failure) }
    }

    static func read(_ path: String) -> String? {
        (try? FileSystem.readString(path)) ?? nil
    }

    /// A file holding one number; nil when it is missing or holds "max".
    static func number(_ path: String) -> UInt64? {
        read(path).flatMap { text in text.split(whereSeparator: \.isWhitespace).first.flatMap { UInt64($0) } }
    }

    /// A value of a "key value" file such as memory.events, memory.stat or cpu.stat.
    static func field(_ key: String, of path: String) -> UInt64? {
        guard let text = read(path) else { return nil }
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 2 && parts[0] == key { return UInt64(parts[1]) }
        }
        return nil
    }
}
