/// One directory of a container's cgroup: its path in one hierarchy and what that hierarchy serves
/// there. Recorded with the container, so that later commands find, read and remove exactly it.
public struct CgroupDirectory: Codable, Sendable, Equatable {
    public var path: String
    public var version: CgroupHierarchy.Version
    /// v1: the hierarchy's controllers. v2: the controllers enabled for this cgroup by its parent.
    public var controllers: [String]

    public init(path: String, version: CgroupHierarchy.Version, controllers: [String]) {
        self.path = path
        self.version = version
        self.controllers = controllers
    }

    /// The directory this one was made in.
    var parent: String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }

    /// Its own name, the last part of its path.
    var name: String { path.split(separator: "/").last.map(String.init) ?? path }

    func file(_ name: String) -> String { path + "/" + name }
}
