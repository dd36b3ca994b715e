import CRuntimeShims
import Glibc

/// One filesystem step the container's child performs before exec, in order. Steps before `pivot`
/// use host paths, the ones after it container paths. Each step can print itself as the command a
/// learner would type (`--explain`) and names itself in errors.
public struct FilesystemStep: Sendable, Equatable {
    public enum Kind: UInt32, Sendable {
        case mount = 1, makeDirectory, makeNode, symlink, touch, pivot, mask, readOnly, remount, attach, changeDirectory, write
    }

    public var kind: Kind
    public var source: String?
    public var target: String
    public var fstype: String?
    public var data: String?
    public var flags: UInt
    public var mode: UInt32
    public var device: UInt64
    /// Skipped when the target does not exist (masked paths a kernel may not have).
    public var optional: Bool
    /// `attach`: the detached bind mount (open_tree fd) the child attaches at `target`.
    public var fd: Int32 = -1
    /// `attach`: cloned again once attached, so that mountinfo lists it after the mounts before it.
    public var inOrder = false
    /// `pivot`: the old root stays stacked on the new one until the child is released (see
    /// MR_STEP_KEEP_OLD_ROOT): for a user namespace's proc and sysfs mounts and createContainer hooks.
    public var keepsOldRoot = false
    /// The source as a learner would name it, for an `attach` whose source is only an fd.
    public var shownSource: String?

    public init(
        _ kind: Kind, source: String? = nil, target: String, fstype: String? = nil, data: String? = nil,
        flags: UInt = 0, mode: UInt32 = 0, device: UInt64 = 0, optional: Bool = false
    ) {
        self.kind = kind
        self.source = source
        self.target = target
        self.fstype = fstype
        self.data = data
        self.flags = flags
        self.mode = mode
        self.device = device
        self.optional = optional
    }

    public static func mount(_ fstype: String, _ source: String, on target: String, flags: UInt = 0, data: String? = nil) -> Self {
        FilesystemStep(.mount, source: source, target: target, fstype: fstype, data: data, flags: flags)
    }

    /// Attaches a bind mount of `source` the parent prepared as `fd` (see mr_open_tree_clone).
    public static func attach(fd: Int32, from source: String, on target: String) -> Self {
        var step = FilesystemStep(.attach, target: target)
        step.fd = fd
        step.shownSource = source
        return step
    }

    public static func directory(_ target: String, mode: UInt32 = 0o755) -> Self {
        FilesystemStep(.makeDirectory, target: target, mode: mode)
    }

    /// How the step reads in an error message: "mount proc on /proc".
    public var summary: String {
        switch kind {
        case .attach: return "bind mount \(shownSource ?? "") on \(target)"
        case .mount: return "mount \(fstype ?? "") on \(target)"
        case .makeDirectory: return "mkdir \(target)"
        case .makeNode: return "mknod \(target)"
        case .symlink: return "symlink \(target)"
        case .touch: return "create \(target)"
        case .pivot: return "pivot_root \(target)"
        case .mask: return "mask \(target)"
        case .readOnly: return "make \(target) read-only"
        case .remount: return "remount \(target)"
        case .changeDirectory: return "chdir \(target)"
        case .write: return "write \(target)"
        }
    }

    /// The same step as a shell command.
    public var shellCommand: String {
        switch kind {
        case .attach:
            return "mount --bind \(shownSource ?? "") \(target)"
        case .mount:
            var options = MountFlags.names(flags)
            if let data, !data.isEmpty { options.append(data) }
            let o = options.isEmpty ? "" : " -o " + options.joined(separator: ",")
            return "mount -t \(fstype ?? "none")\(o) \(source ?? "none") \(target)"
        case .makeDirectory:
            return "mkdir -p -m \(String(mode, radix: 8)) \(target)"
        case .makeNode:
            let major = DeviceNumber.major(device), minor = DeviceNumber.minor(device)
            let type = mode & UInt32(S_IFMT) == UInt32(S_IFBLK) ? "b" : "c"
            return "mknod -m \(String(mode & 0o7777, radix: 8)) \(target) \(type) \(major) \(minor)"
        case .symlink:
            return "ln -s \(source ?? "") \(target)"
        case .touch:
            return "touch \(target)"
        case .pivot:
            return keepsOldRoot ? "cd \(target) && pivot_root . .   # umount -l / once released" : "cd \(target) && pivot_root . . && umount -l . && cd /"
        case .mask:
            return "mount --bind /dev/null \(target)   # a read-only tmpfs if it is a directory"
        case .readOnly:
            return "mount --bind \(target) \(target) && mount -o remount,bind,ro \(target)"
        case .changeDirectory:
            return "cd \(target)"
        case .write:
            return "echo '\(data ?? "")' > \(target)"
        case .remount:
            var options = ["remount"] + MountFlags.names(flags)
            if let data, !data.isEmpty { options.append(data) }
            return "mount -o \(options.joined(separator: ",")) \(target)"
        }
    }
}

/// mount(2) flags by the names mount(8) gives them.
enum MountFlags {
    static let table: [(UInt, String)] = [
        (UInt(MS_RDONLY), "ro"), (UInt(MS_NOSUID), "nosuid"), (UInt(MS_NODEV), "nodev"),
        (UInt(MS_NOEXEC), "noexec"), (UInt(MS_STRICTATIME), "strictatime"), (UInt(MS_RELATIME), "relatime"),
        (UInt(MS_REC), "rec"), (UInt(MS_BIND), "bind"),
    ]

    static func names(_ flags: UInt) -> [String] {
        table.filter { flags & $0.0 != 0 }.map(\.1)
    }
}
