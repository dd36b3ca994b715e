import Glibc

/// Copies files of a LayeredTree (a build's context, or a stage's image for COPY --from) into a
/// directory that becomes a layer, as COPY does: owners, modes and times kept unless --chown and
/// --chmod say otherwise, symlinks copied as symlinks, device nodes left out. `excluded` leaves out
/// what .dockerignore names (paths relative to the tree's root, without a leading "/").
struct TreeCopier {
    let source: LayeredTree
    var owner: (uid: UInt32, gid: UInt32)?
    var mode: mode_t?
    var excluded: (String) -> Bool = { _ in false }

    /// Copies `path` of the source to `target` (a path on disk that does not exist yet).
    func copy(_ path: String, to target: String) throws {
        guard let (onDisk, st) = source.find(path) else {
            throw RuntimeError(.notFound, "\(path): not found")
        }
        switch st.st_mode & S_IFMT {
        case S_IFDIR:
            try makeDirectory(target, like: st)
            try copyEntries(of: path, into: target)
            try finish(target, like: st)
        case S_IFREG:
            try copyFile(onDisk, to: target, like: st)
        case S_IFLNK:
            let linkTarget = try FileSystem.readLink(onDisk)
            _ = unlink(target)
            if symlink(linkTarget, target) != 0 { throw RuntimeError.system("symlink \(target)") }
            let uid = owner?.uid ?? st.st_uid
            let gid = owner?.gid ?? st.st_gid
            _ = lchown(target, uid, gid)
        default:
            break  // fifos, sockets and devices are not copied
        }
    }

    /// The entries of a directory of the source, into an existing directory.
    func copyEntries(of path: String, into target: String) throws {
        for name in source.entries(path) {
            let child = path == "/" ? "/" + name : path + "/" + name
            if excluded(String(child.dropFirst())) && !isAncestorOfIncluded(child) { continue }
            try copy(child, to: target + "/" + name)
        }
    }

    /// A directory left out by a pattern may still hold files a later `!pattern` takes back.
    private func isAncestorOfIncluded(_ path: String) -> Bool {
        guard let (_, st) = source.find(path), st.st_mode & S_IFMT == S_IFDIR else { return false }
        for name in source.entries(path) {
            let child = path + "/" + name
            if !excluded(String(child.dropFirst())) || isAncestorOfIncluded(child) { return true }
        }
        return false
    }

    private func makeDirectory(_ target: String, like st: stat) throws {
        if mkdir(target, 0o700) != 0 && errno != EEXIST { throw RuntimeError.system("mkdir \(target)") }
    }

    private func copyFile(_ onDisk: String, to target: String, like st: stat) throws {
        _ = unlink(target)
        let input = open(onDisk, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        if input < 0 { throw RuntimeError.system("open \(onDisk)") }
        defer { close(input) }
        let output = open(target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if output < 0 { throw RuntimeError.system("open \(target)") }
        let failure = FileSystem.copyContents(from: input, to: output)
        close(output)
        if failure != 0 { throw RuntimeError.system("copy \(onDisk) to \(target)", failure) }
        try finish(target, like: st)
    }

    /// Owner, mode and times, as kept or as asked.
    func finish(_ target: String, like st: stat) throws {
        let uid = owner?.uid ?? st.st_uid
        let gid = owner?.gid ?? st.st_gid
        if lchown(target, uid, gid) != 0 { throw RuntimeError.system("chown \(target)") }
        let permissions = mode ?? (st.st_mode & 0o7777)
        if chmod(target, permissions) != 0 { throw RuntimeError.system("chmod \(target)") }
        var times = [st.st_atim, st.st_mtim]
        _ = utimensat(AT_FDCWD, target, &times, AT_SYMLINK_NOFOLLOW)
    }
}
