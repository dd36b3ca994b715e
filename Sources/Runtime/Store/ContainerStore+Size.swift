import Glibc

extension ContainerStore {
    /// Bytes the container wrote: the files of its upper directory (Docker's SizeRw), a file with
    /// several links counted once. What `container prune` reports as reclaimed.
    public func writableLayerSize(of id: String) -> UInt64 {
        var seen: Set<UInt64> = []
        return Self.bytes(in: directory(id) + "/upper", seen: &seen)
    }

    private static func bytes(in directory: String, seen: inout Set<UInt64>) -> UInt64 {
        var total: UInt64 = 0
        for name in FileSystem.list(directory) {
            let path = directory + "/" + name
            var st = stat()
            guard lstat(path, &st) == 0 else { continue }
            if st.st_mode & S_IFMT == S_IFDIR {
                total += bytes(in: path, seen: &seen)
            } else if st.st_nlink <= 1 || seen.insert(UInt64(st.st_ino)).inserted {
                total += UInt64(max(0, st.st_size))
            }
        }
        return total
    }
}
