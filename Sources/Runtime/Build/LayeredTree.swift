import CRuntimeShims
import Glibc

/// The files of an image as its containers see them, read from its layer directories without
/// mounting them: the top layer that has a path wins, a whiteout (0/0 character device) hides it,
/// and a directory merges its entries down to an opaque one (trusted.overlay.opaque=y). A build's
/// context is a tree of one layer. Paths are absolute within the tree ("/etc/passwd").
struct LayeredTree {
    /// Top layer first.
    let layers: [String]

    /// Where the path's top entry is on disk, and its lstat; nil when no layer has it (or a whiteout
    /// hides it). Parent directories are looked up the same way: a file under a whited-out directory
    /// is not seen.
    func find(_ path: String) -> (path: String, stat: stat)? {
        let parts = path.split(separator: "/").map(String.init)
        var candidates = layers
        var current = ""
        var found: (String, stat)? = layers.isEmpty ? nil : (layers[0], Self.lstat(layers[0]) ?? stat())
        for part in parts {
            current += "/" + part
            var next: [String] = []
            found = nil
            for layer in candidates {
                guard let st = Self.lstat(layer + current) else { continue }
                if st.st_mode & S_IFMT == S_IFCHR && st.st_rdev == 0 { break }
                if found == nil { found = (layer + current, st) }
                guard st.st_mode & S_IFMT == S_IFDIR else { break }
                next.append(layer)
                if Self.isOpaque(layer + current) { break }
            }
            guard found != nil else { return nil }
            // Only a directory has entries below; the layers below an opaque one or a file are hidden.
            candidates = next
        }
        return found
    }

    /// The names in a directory of the tree, merged over its layers, sorted.
    func entries(_ path: String) -> [String] {
        var names: Set<String> = []
        var hidden: Set<String> = []
        let parts = path.split(separator: "/").map(String.init)
        // The layers where the directory is visible, top first, down to an opaque one.
        var candidates = layers
        var current = ""
        for part in parts {
            current += "/" + part
            var next: [String] = []
            for layer in candidates {
                guard let st = Self.lstat(layer + current) else { continue }
                guard st.st_mode & S_IFMT == S_IFDIR else { break }
                next.append(layer)
                if Self.isOpaque(layer + current) { break }
            }
            candidates = next
        }
        for layer in candidates {
            for name in FileSystem.list(layer + current) where !hidden.contains(name) {
                guard let st = Self.lstat(layer + current + "/" + name) else { continue }
                if st.st_mode & S_IFMT == S_IFCHR && st.st_rdev == 0 {
                    hidden.insert(name)
                } else {
                    names.insert(name)
                    // An entry shadows the same name in the layers below.
                    hidden.insert(name)
                }
            }
        }
        return names.sorted()
    }

    func readFile(_ path: String) -> String? {
        guard let (onDisk, st) = find(path), st.st_mode & S_IFMT == S_IFREG else { return nil }
        return try? FileSystem.readString(onDisk)
    }

    static func lstat(_ path: String) -> stat? {
        var st = stat()
        return Glibc.lstat(path, &st) == 0 ? st : nil
    }

    static func isOpaque(_ path: String) -> Bool {
        mr_is_opaque_directory(path) == 1
    }
}
