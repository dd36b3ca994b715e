/// `cp`'s path rules, as Docker's CLI applies them (its archive package's CopyInfo and
/// PrepareArchiveCopy): which directory a copy is extracted into, and under which name its top entry
/// goes there. A trailing "/." copies a directory's contents; a trailing "/" asserts a directory.
public enum CopyPlan {
    /// What a path is, on the host or in a container (minirun-unpack --cp stat).
    public enum Kind: Equatable, Sendable {
        case directory, file, other
        case symlink(target: String)
        /// Missing, in an existing directory.
        case missing
        /// Missing, and so is its directory (or that is no directory).
        case missingParent

        init?(statLine line: String) {
            switch line {
            case "dir": self = .directory
            case "file": self = .file
            case "other": self = .other
            case "missing": self = .missing
            case "missing-parent": self = .missingParent
            default:
                guard line.hasPrefix("link ") else { return nil }
                self = .symlink(target: String(line.dropFirst(5)))
            }
        }

        var exists: Bool { self != .missing && self != .missingParent }
    }

    /// Where the copy goes: extracted into `directory`, its top entry named `name` ("." for a
    /// directory's contents alone).
    public struct Target: Equatable, Sendable {
        public var directory: String
        public var name: String
    }

    /// A container path as Docker reads it: relative to the container's root.
    public static func inContainer(_ path: String) -> String {
        path.hasPrefix("/") ? path : "/" + path
    }

    /// `path` cleaned as Go's filepath.Clean, its last component kept as "." when it was one.
    public static func split(_ path: String) -> (directory: String, base: String) {
        var components: [Substring] = []
        for component in path.split(separator: "/") where component != "." {
            if component == ".." { if !components.isEmpty { components.removeLast() } } else { components.append(component) }
        }
        if path.hasSuffix("/.") || path == "." { components.append(".") }
        guard let base = components.popLast() else { return ("/", "/") }
        return ("/" + components.joined(separator: "/"), String(base))
    }

    /// A path that ends in "/" or "/." names a directory, whether one is there or not.
    static func assertsDirectory(_ path: String) -> Bool {
        path.hasSuffix("/") || path.hasSuffix("/.")
    }

    /// The directory to extract into and the top entry's name, for a source (a directory or not,
    /// named `sourceBase`) copied to `destination`, which is `kind` (a symlink already followed).
    public static func target(sourceIsDirectory: Bool, sourceBase: String, destination: String, kind: Kind) throws -> Target {
        let (directory, base) = split(destination)
        switch kind {
        case .directory:
            return Target(directory: destination, name: sourceBase)
        case _ where kind.exists && sourceIsDirectory:
            throw RuntimeError(.invalidArgument, "cannot copy directory")
        case .missingParent:
            throw RuntimeError(.notFound, "no such directory: \(Identifiers.printable(directory))")
        case .missing where !sourceIsDirectory && assertsDirectory(destination):
            throw RuntimeError(.notFound, "no such directory")
        default:
            return Target(directory: directory, name: base)
        }
    }

    /// A symlink's target as a path: a relative one is relative to the link's directory.
    static func resolve(link path: String, target: String) -> String {
        target.hasPrefix("/") ? target : split(path).directory + "/" + target
    }
}
