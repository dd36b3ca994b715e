import Glibc

/// A `--device` host node as it is now: its kind, numbers and mode, copied into the container's
/// /dev (or wherever the mapping puts it) and allowed in the container's cgroup.
public struct DeviceNode: Sendable, Equatable {
    public var pathInContainer: String
    public var kind: DeviceRule.Kind
    public var major: UInt32
    public var minor: UInt32
    /// The host node's permission bits, which the container's node gets too.
    public var permissionBits: UInt32
    public var access: DeviceAccess

    public init(pathInContainer: String, kind: DeviceRule.Kind, major: UInt32, minor: UInt32,
                permissionBits: UInt32, access: DeviceAccess) {
        self.pathInContainer = pathInContainer
        self.kind = kind
        self.major = major
        self.minor = minor
        self.permissionBits = permissionBits
        self.access = access
    }

    /// Looks at the host's node (following a symbolic link, such as /dev/disk/by-id/..., as Docker
    /// does); fails with Docker's message when it is missing or not a device.
    public init(resolving mapping: DeviceMapping) throws {
        let path = mapping.pathOnHost
        let failure = "error gathering device information while adding custom device \"\(Identifiers.printable(path))\""
        var status = stat()
        guard stat(path, &status) == 0 else { throw RuntimeError(.invalidArgument, "\(failure): \(String(cString: strerror(errno)))") }
        let type = status.st_mode & S_IFMT
        guard type == S_IFCHR || type == S_IFBLK else {
            let directory = type == S_IFDIR ? " (a directory of devices is not supported)" : ""
            throw RuntimeError(.invalidArgument, failure + ": not a device node" + directory)
        }
        let device = UInt64(status.st_rdev)
        self.init(
            pathInContainer: mapping.pathInContainer, kind: type == S_IFCHR ? .char : .block,
            major: DeviceNumber.major(device), minor: DeviceNumber.minor(device),
            permissionBits: UInt32(status.st_mode & 0o777), access: mapping.access)
    }

    /// The rule that lets the container use it.
    var rule: DeviceRule { DeviceRule(kind, major, minor, access) }

    /// mknod's mode: the node's type and permission bits.
    var fileMode: UInt32 { UInt32(kind == .char ? S_IFCHR : S_IFBLK) | permissionBits }

    /// mknod's dev_t.
    var deviceNumber: UInt64 { DeviceNumber.make(major: major, minor: minor) }
}
