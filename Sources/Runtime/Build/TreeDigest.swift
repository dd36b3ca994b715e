import Glibc

/// A digest of a directory tree's names, types, modes, owners, file contents and link targets -
/// not its times - for the cache key of a COPY or ADD: the same files copied again are the same step.
enum TreeDigest {
    static func of(_ directory: String) throws -> String {
        var lines: [String] = []
        try walk(directory, relative: "", into: &lines)
        return Digest.of(Array(lines.joined(separator: "\n").utf8))
    }

    private static func walk(_ directory: String, relative: String, into lines: inout [String]) throws {
        for name in FileSystem.list(directory).sorted() {
            let path = directory + "/" + name
            let shown = relative + "/" + name
            var st = stat()
            guard lstat(path, &st) == 0 else { throw RuntimeError.system("lstat \(path)") }
            var line = "\(shown) \(String(st.st_mode, radix: 8)) \(st.st_uid):\(st.st_gid)"
            switch st.st_mode & S_IFMT {
            case S_IFREG:
                line += " " + (try Digest.ofFile(path))
            case S_IFLNK:
                line += " -> " + ((try? FileSystem.readLink(path)) ?? "")
            case S_IFDIR:
                lines.append(line)
                try walk(path, relative: shown, into: &lines)
                continue
            default:
                line += " \(st.st_rdev)"
            }
            lines.append(line)
        }
    }
}
