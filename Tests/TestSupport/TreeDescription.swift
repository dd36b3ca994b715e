/// A directory tree described line by line, times left out: each entry's name, mode, owner, device
/// number, link target, content digest, every extended attribute with its value, and the other
/// names of its inode within the tree (hard links). Two trees that describe the same are the same
/// layer to overlayfs. Read by python3, as Glibc's module has no getxattr.
public enum TreeDescription {
    public static func of(_ root: String) -> String {
        let result = Command.run("/usr/bin/env", ["python3", "-c", script, root])
        return result.code == 0 ? result.out : "cannot describe \(root): \(result.err)"
    }

    private static let script = #"""
        import hashlib, os, stat, sys
        root = sys.argv[1]
        entries, names = [], {}
        for directory, subdirectories, files in os.walk(root):
            subdirectories.sort()
            for name in sorted(subdirectories + files):
                path = os.path.join(directory, name)
                st = os.lstat(path)
                entries.append((os.path.relpath(path, root), path, st))
                if not stat.S_ISDIR(st.st_mode):
                    names.setdefault((st.st_dev, st.st_ino), []).append(os.path.relpath(path, root))
        for relative, path, st in entries:
            fields = [relative, oct(st.st_mode), "%d:%d" % (st.st_uid, st.st_gid)]
            if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode):
                fields.append("device=%d" % st.st_rdev)
            if stat.S_ISLNK(st.st_mode):
                fields.append("-> " + os.readlink(path))
            if stat.S_ISREG(st.st_mode):
                with open(path, "rb") as f:
                    fields.append(hashlib.sha256(f.read()).hexdigest())
            linked = names.get((st.st_dev, st.st_ino), [])
            if len(linked) > 1:
                fields.append("links=" + ",".join(linked))
            for attribute in sorted(os.listxattr(path, follow_symlinks=False)):
                fields.append("%s=%r" % (attribute, os.getxattr(path, attribute, follow_symlinks=False)))
            print(" ".join(fields))
        """#
}
