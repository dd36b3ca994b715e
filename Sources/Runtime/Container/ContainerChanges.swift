import Glibc

/// `diff`: what a container changed in its filesystem, read from its overlay's upper directory as
/// Docker's daemon reads it: a whiteout is a deleted path (D), any other entry a changed one (C)
/// when the image has that path, else an added one (A). A directory the container wrote into is
/// itself changed, as overlayfs copied it up. Sorted by path, as Docker's.
public struct ContainerChange: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case changed = "C", added = "A", deleted = "D"
    }

    public var kind: Kind
    public var path: String

    public var description: String { kind.rawValue + " " + path }

    /// The changes in `upper` over the image whose layer directories are `layers` (top first).
    static func list(upper: String, layers: [String]) -> [ContainerChange] {
        var changes: [ContainerChange] = []
        walk(upper, relative: "", image: LayeredTree(layers: layers), into: &changes)
        return changes.sorted { $0.path < $1.path }
    }

    private static func walk(_ directory: String, relative: String, image: LayeredTree, into changes: inout [ContainerChange]) {
        for name in FileSystem.list(directory) {
            let path = relative + "/" + name
            guard let st = LayeredTree.lstat(directory + "/" + name) else { continue }
            if st.st_mode & S_IFMT == S_IFCHR && st.st_rdev == 0 {
                changes.append(ContainerChange(kind: .deleted, path: path))
                continue
            }
            changes.append(ContainerChange(kind: image.find(path) == nil ? .added : .changed, path: path))
            if st.st_mode & S_IFMT == S_IFDIR { walk(directory + "/" + name, relative: path, image: image, into: &changes) }
        }
    }
}

extension Engine {
    /// `diff CONTAINER`: its changes (ContainerChange), running or not.
    public func changes(of reference: String) throws -> [ContainerChange] {
        let record = try inspect(reference)
        return ContainerChange.list(upper: containers.directory(record.id) + "/upper", layers: images.layerPaths(of: record.config.imageID))
    }
}
