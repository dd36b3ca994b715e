/// One line of /proc/PID/mountinfo, reduced to what finding cgroup hierarchies needs:
/// `36 35 0:30 / /sys/fs/cgroup/cpu,cpuacct rw,relatime shared:12 - cgroup cgroup rw,cpu,cpuacct`.
struct MountInfoEntry: Equatable {
    /// The mount's ID, and that of the mount it sits on (its parent).
    var id: Int
    var parentID: Int
    /// The directory of the mounted filesystem that appears at `mountPoint`: "/" for a whole
    /// hierarchy, a cgroup path when only a subtree is mounted (a container's view, a bind mount).
    var root: String
    var mountPoint: String
    var fileSystemType: String
    /// Per-superblock options: a v1 hierarchy's controllers ("cpu", "cpuacct", "name=systemd") are here.
    var superOptions: [String]

    /// Nil for a line that is not of mountinfo's form. Split as bytes: splitting Characters, which
    /// looks for grapheme boundaries, made reading the cgroup layout 0.1 ms of every `run`.
    init?(_ line: Substring) {
        let fields = line.utf8.split(separator: UInt8(ascii: " ")).map(Substring.init)
        guard fields.count >= 10, let dash = fields.firstIndex(of: "-"), dash >= 6, dash + 3 < fields.count,
              let id = Int(fields[0]), let parentID = Int(fields[1]) else {
            return nil
        }
        self.id = id
        self.parentID = parentID
        root = Self.unescape(fields[3])
        mountPoint = Self.unescape(fields[4])
        fileSystemType = String(fields[dash + 1])
        superOptions = fields[dash + 3].utf8.split(separator: UInt8(ascii: ",")).map { String(Substring($0)) }
    }

    /// The mounts that nothing hides: a mount is hidden by one further down mountinfo that was
    /// mounted on its mount point or on a directory above it, but is not one it sits on (a mount
    /// placed over /sys/fs/cgroup hides the hierarchies mounted below it there, which mountinfo
    /// still lists). `wanted` picks the mounts to check, so that only those cost a walk.
    static func visible(_ mounts: [MountInfoEntry], _ wanted: (MountInfoEntry) -> Bool) -> [MountInfoEntry] {
        let parents = Dictionary(mounts.map { ($0.id, $0.parentID) }, uniquingKeysWith: { first, _ in first })
        return mounts.indices.filter { index in
            let mount = mounts[index]
            guard wanted(mount) else { return false }
            var beneath: Set<Int> = []
            var next = mount.parentID
            while next != mount.id, beneath.insert(next).inserted, let parent = parents[next] { next = parent }
            return !mounts[(index + 1)...].contains { later in
                !beneath.contains(later.id) && (later.mountPoint == mount.mountPoint || later.mountPoint == "/"
                    || mount.mountPoint.hasPrefix(later.mountPoint + "/"))
            }
        }.map { mounts[$0] }
    }

    /// The kernel writes space, tab, newline and backslash in paths as \040, \011, \012 and \134.
    static func unescape(_ field: Substring) -> String {
        let bytes = Array(field.utf8)
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "\\"), i + 3 < bytes.count,
               let value = UInt8(String(decoding: bytes[i + 1...i + 3], as: UTF8.self), radix: 8) {
                out.append(value)
                i += 4
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
