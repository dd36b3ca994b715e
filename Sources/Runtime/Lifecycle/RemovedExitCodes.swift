import Glibc

/// The exit code of a `--rm` container, kept for the `wait`s under way when the container is
/// removed: Docker's `wait` returns it although the container is gone. A waiter registers a file
/// run/exits/ID.PID under the container's lock, so that the removal, which holds that lock too,
/// either sees it or has happened already (then the waiter finds no container, as Docker's would).
/// The removal writes the code into the files of live waiters and deletes those of dead ones; each
/// waiter reads its own file and deletes it.
struct RemovedExitCodes {
    let directory: String

    init(root: StateRoot) {
        directory = root.run + "/exits"
    }

    /// Registers this process as a waiter; false when the container has been removed already.
    func register(_ id: String, in containers: ContainerStore) throws -> Bool {
        guard let lock = try containers.lockIfPresent(id) else { return false }
        defer { lock.unlock() }
        try FileSystem.makeDirectories(directory)
        try FileSystem.write(file(id, waiter: getpid()), [])
        return true
    }

    /// The code the removal left for this process, nil when it left none; the registration ends.
    func take(_ id: String) -> Int32? {
        let path = file(id, waiter: getpid())
        defer { FileSystem.remove(path) }
        return (try? FileSystem.readString(path))?.split(separator: "\n").first.flatMap { Int32($0) }
    }

    /// For the removal of the container, under its lock.
    func leave(_ code: Int32, for id: String) {
        for name in FileSystem.list(directory) where name.hasPrefix(id + ".") {
            let path = directory + "/" + name
            if let waiter = Int32(name.dropFirst(id.count + 1)), kill(waiter, 0) == 0 || errno == EPERM {
                try? FileSystem.write(path, Array("\(code)\n".utf8))
            } else {
                FileSystem.remove(path)  // a waiter killed before its container ended
            }
        }
    }

    private func file(_ id: String, waiter: Int32) -> String { directory + "/" + id + "." + String(waiter) }
}
