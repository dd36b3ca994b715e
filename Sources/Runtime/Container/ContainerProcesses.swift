import Glibc

/// `top` and `compose top`: the processes in a running container's pid namespace, read from /proc;
/// those in its cgroup when it shares another's pid namespace (--pid).
public struct ContainerProcesses: Sendable {
    public var pid: Int32
    public var parent: Int32
    public var uid: UInt32
    public var command: String

    public static func list(_ record: ContainerRecord) -> [ContainerProcesses] {
        guard let leader = record.state.process?.pid, let namespace = link("/proc/\(leader)/ns/pid") else { return [] }
        let members = record.config.pidMode.isOwn ? nil : Set(record.state.cgroup?.processes ?? [leader])
        var processes: [ContainerProcesses] = []
        guard let directory = opendir("/proc") else { return [] }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard let pid = Int32(name), members?.contains(pid) ?? (link("/proc/\(pid)/ns/pid") == namespace),
                  let statLine = try? FileSystem.readString("/proc/\(pid)/stat"),
                  let close = statLine.lastIndex(of: ")") else { continue }
            // After "pid (comm) ": state, then the parent's pid.
            let fields = statLine[statLine.index(after: close)...].split(separator: " ")
            let arguments = ((try? FileSystem.read("/proc/\(pid)/cmdline")) ?? [])
                .split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            var info = Glibc.stat()
            let uid = lstat("/proc/\(pid)", &info) == 0 ? info.st_uid : 0
            processes.append(ContainerProcesses(pid: pid, parent: fields.count > 1 ? Int32(fields[1]) ?? 0 : 0, uid: uid,
                                                command: arguments.joined(separator: " ")))
        }
        return processes.sorted { $0.pid < $1.pid }
    }

    private static func link(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 256)
        let count = readlink(path, &buffer, buffer.count - 1)
        return count > 0 ? String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self) : nil
    }
}
