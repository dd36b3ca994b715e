/// New limits over a running container's (`update`).
extension ContainerCgroup {
    /// Writes `limits` into every directory. On v1 the kernel keeps the memory limit at most the
    /// memory+swap one at every step, so a memory limit raised above the current memory+swap one is
    /// written after it, as runc orders them. A pids limit taken away (-1 or 0) becomes "max":
    /// unlike a new cgroup, this one has the old limit to replace.
    func update(limits: ResourceLimits) throws {
        for directory in directories {
            var settings = CgroupSetting.settings(for: limits, version: directory.version, controllers: directory.controllers)
            if directory.version == .v1, let memory = limits.memoryLimit,
               let current = CgroupFile.read(directory.file("memory.memsw.limit_in_bytes")).flatMap({ Int64($0.split(separator: "\n").first ?? "") }),
               memory > current, let swap = settings.firstIndex(where: { $0.file == "memory.memsw.limit_in_bytes" }) {
                settings.insert(settings.remove(at: swap), at: 0)
            }
            if directory.controllers.contains("pids"), let limit = limits.pidsLimit, limit <= 0 {
                settings.append(CgroupSetting(file: "pids.max", value: "max"))
            }
            for setting in settings { try apply(setting, in: directory) }
        }
    }
}
