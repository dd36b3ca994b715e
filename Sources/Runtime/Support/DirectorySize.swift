import Glibc

/// The bytes of the files under a directory, a file with several links counted once, as Docker
/// sizes a container's writable layer (SizeRw) and a volume.
public enum DirectorySize {
    public static func bytes(in directory: String) -> UInt64 {
        var seen: Set<UInt64> = []
        return bytes(in: directory, seen: &seen)
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
