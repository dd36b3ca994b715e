/// `--device HOST[:CONTAINER][:PERMISSIONS]`: the host's device node HOST is made at CONTAINER
/// (HOST by default) in the container, and the container's cgroup allows PERMISSIONS on it
/// ("rwm" by default). Read and checked as the docker CLI does; the node itself is looked at on
/// every start (see DeviceNode), as a device can be made again with other numbers.
public struct DeviceMapping: Codable, Sendable, Equatable {
    public var pathOnHost: String
    public var pathInContainer: String
    public var permissions: String

    public init(pathOnHost: String, pathInContainer: String, permissions: String = "rwm") {
        self.pathOnHost = pathOnHost
        self.pathInContainer = pathInContainer
        self.permissions = permissions
    }

    /// "/dev/loop3", "/dev/loop3:/dev/disk", "/dev/loop3:r", "/dev/loop3:/dev/disk:rw".
    public init(parsing text: String) throws {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count <= 3, !parts[0].isEmpty else {
            throw RuntimeError(.invalidArgument, "bad format for path: \(Identifiers.printable(text))")
        }
        var target = parts[0]
        var permissions = "rwm"
        if parts.count == 2 {
            if DeviceAccess(letters: parts[1]) != nil { permissions = parts[1] } else { target = parts[1] }
        } else if parts.count == 3 {
            guard DeviceAccess(letters: parts[2]) != nil else {
                throw RuntimeError(.invalidArgument, "bad mode specified: \(Identifiers.printable(parts[2]))")
            }
            target = parts[1]
            permissions = parts[2]
        }
        for path in [parts[0], target] where !path.hasPrefix("/") || path.split(separator: "/").contains("..") {
            throw RuntimeError(.invalidArgument, "\(Identifiers.printable(path)) is not an absolute path without '..'")
        }
        self.init(pathOnHost: Self.clean(parts[0]), pathInContainer: Self.clean(target), permissions: permissions)
    }

    /// Without empty and "." parts: "/dev//./loop0" is "/dev/loop0".
    private static func clean(_ path: String) -> String {
        "/" + path.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
    }

    /// The access the container's cgroup allows on the device.
    public var access: DeviceAccess { DeviceAccess(letters: permissions) ?? .all }
}
