import Glibc

/// What a container whose record cannot be read still has on the host, found without the record:
/// the processes in a cgroup named after it (`minirun-<id12>`, in any hierarchy) and those cgroup
/// directories, and its minirun-monitor - whose command line names the container's log file, or its
/// ID once it runs the cleanup - with the monitor's children (the container, without a cgroup).
/// Found by one pass over /proc: only `rm` and `system reset` of a damaged container pay for it.
struct ContainerRemnants {
    var processes: [ProcessIdentity] = []
    var cgroupDirectories: [String] = []

    init(id: String, directory: String) {
        guard let name = try? ContainerCgroup.name(for: id) else { return }
        let layout = try? CgroupLayout.ofThisProcess()
        var directories = Set<String>()
        // Where the container's cgroup goes without --cgroup-parent, in case no process is left in it.
        for hierarchy in layout?.hierarchies ?? [] {
            if let parent = hierarchy.directory(of: hierarchy.current) { directories.insert(parent + "/" + name) }
        }
        let monitorArgument = Array((directory + "/container.log").utf8)
        let cleanupArguments = Array((Engine.exitedCommand + "\0" + id).utf8)
        for entry in FileSystem.list("/proc") {
            guard let pid = Int32(entry), pid != getpid(), let process = ProcessIdentity(pid: pid) else { continue }
            if let membership = try? FileSystem.readString("/proc/\(entry)/cgroup"), membership.contains("/" + name) {
                processes.append(process)
                for line in membership.split(separator: "\n") {
                    let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
                    let parts = fields.count == 3 ? fields[2].split(separator: "/") : []
                    guard let at = parts.firstIndex(where: { $0 == name }) else { continue }
                    let cgroup = "/" + parts[...at].joined(separator: "/")
                    let hierarchy = fields[0] == "0"
                        ? layout?.unified
                        : layout?.hierarchies.first { $0.version == .v1 && $0.controllers == fields[1].split(separator: ",").map(String.init) }
                    if let path = hierarchy?.directory(of: cgroup) { directories.insert(path) }
                }
            } else if let cmdline = try? FileSystem.read("/proc/\(entry)/cmdline"),
                      Self.bytes(cmdline, contain: monitorArgument) || Self.bytes(cmdline, contain: cleanupArguments) {
                processes.append(process)
                let children = (try? FileSystem.readString("/proc/\(entry)/task/\(entry)/children")) ?? ""
                processes += children.split(separator: " ").compactMap { Int32($0).flatMap(ProcessIdentity.init(pid:)) }
            }
        }
        cgroupDirectories = directories.filter(FileSystem.isDirectory).sorted()
    }

    /// Kills every process found and waits up to `timeout` seconds for them to be gone.
    func kill(timeout: Double) -> Bool {
        for process in processes where process.isAlive { Glibc.kill(process.pid, SIGKILL) }
        let start = Timestamp.now()
        return processes.allSatisfy { $0.waitForExit(seconds: max(timeout - start.interval(to: .now()), 0)) }
    }

    /// Removes the cgroup directories (only those named after a container: see ContainerCgroup.remove).
    func removeCgroups() throws {
        try ContainerCgroup(directories: cgroupDirectories.map { CgroupDirectory(path: $0, version: .v1, controllers: []) }).remove()
    }

    private static func bytes(_ bytes: [UInt8], contain part: [UInt8]) -> Bool {
        guard part.count <= bytes.count else { return false }
        return (0...(bytes.count - part.count)).contains { start in bytes[start..<(start + part.count)].elementsEqual(part) }
    }
}
