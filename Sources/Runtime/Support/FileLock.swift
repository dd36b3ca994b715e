import Glibc

/// An exclusive flock(2) on a lock file, released when the value goes away or `unlock` is called.
/// A killed holder releases it with its last descriptor, so a lock can never be left behind.
public final class FileLock {
    private var fd: Int32

    /// Waits until the lock is ours.
    public init(_ path: String) throws {
        fd = try Self.acquire(path, wait: true) ?? -1
    }

    private init(holding fd: Int32) {
        self.fd = fd
    }

    /// Waits until the lock on an existing directory is ours (or, with `wait` false, takes it only
    /// when no one holds it): the directory is its own lock, so no file is made for it. Nil when the
    /// directory does not exist or, not waiting, someone else holds it.
    public static func onDirectory(_ path: String, wait: Bool = true) throws -> FileLock? {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw RuntimeError.system("open \(path)")
        }
        return try lock(fd, path, wait: wait).map(FileLock.init(holding:))
    }

    /// The lock when no one else holds it, nil when someone does.
    public static func attempt(_ path: String) throws -> FileLock? {
        try acquire(path, wait: false).map(FileLock.init(holding:))
    }

    /// An fd of the lock file holding the lock; nil when not waiting and someone else holds it.
    private static func acquire(_ path: String, wait: Bool) throws -> Int32? {
        var fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        if fd < 0 && errno == ENOENT, let slash = path.lastIndex(of: "/") {
            try FileSystem.makeDirectories(String(path[..<slash]))
            fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        }
        if fd < 0 { throw RuntimeError.system("open \(path)") }
        return try lock(fd, path, wait: wait)
    }

    /// `fd`, once it holds the lock; nil when not waiting and someone else holds it. Closes `fd`
    /// unless it is returned.
    private static func lock(_ fd: Int32, _ path: String, wait: Bool) throws -> Int32? {
        while flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0 {
            let saved = errno
            if saved == EINTR { continue }
            close(fd)
            if saved == EWOULDBLOCK && !wait { return nil }
            throw RuntimeError.system("lock \(path)", saved)
        }
        return fd
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
