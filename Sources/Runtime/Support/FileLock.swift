import Glibc

/// An exclusive flock(2) on a lock file, released when the value goes away or `unlock` is called.
/// A killed holder releases it with its last descriptor, so a lock can never be left behind.
public final class FileLock {
    private var fd: Int32

    public init(_ path: String) throws {
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        if fd < 0 && errno == ENOENT, let slash = path.lastIndex(of: "/") {
            try FileSystem.makeDirectories(String(path[..<slash]))
            fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        }
        if fd < 0 { throw RuntimeError.system("open \(path)") }
        while flock(fd, LOCK_EX) != 0 {
            if errno != EINTR {
                let saved = errno
                close(fd)
                throw RuntimeError.system("lock \(path)", saved)
            }
        }
    }

    public func unlock() {
        if fd >= 0 {
            close(fd)
            fd = -1
        }
    }

    deinit { unlock() }

    public static func with<T>(_ path: String, _ body: () throws -> T) throws -> T {
        let lock = try FileLock(path)
        defer { lock.unlock() }
        return try body()
    }
}
