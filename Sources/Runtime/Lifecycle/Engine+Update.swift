import Glibc

extension Engine {
    /// `update`: new limits and restart policy for a container, as Docker's. A running container's
    /// cgroup takes the limits at once; a stopped one gets them when it starts. A limit the
    /// container had no cgroup directory for yet (a v1 cpu hierarchy, made only for a CPU limit, or
    /// a controller its v2 directory did not have) gets one now (`addCgroupDirectory`).
    public func update(_ reference: String, limits given: ResourceLimits, restartPolicy: RestartPolicy?) throws {
        let id = try containers.resolve(reference)
        let operation = try containers.operationLock(id)
        defer { operation.unlock() }
        let record = try inspect(id)
        if let restartPolicy, restartPolicy.name != .no, record.config.autoRemove {
            throw RuntimeError(.invalidArgument, "Restart policy cannot be updated because AutoRemove is enabled for the container")
        }
        let old = record.config.resources
        if given.memory != nil, given.memorySwap == nil, let swap = old.memorySwap, swap > 0, let memory = given.memoryLimit, memory > swap {
            throw RuntimeError(.invalidArgument, "Memory limit should be smaller than already set memoryswap limit, update the memoryswap at the same time")
        }
        let limits = old.updated(with: given)
        try limits.validate()
        if limits != old && !record.config.cgroupsEnabled {
            throw RuntimeError(.invalidArgument, "the container runs without a cgroup (--cgroups=disabled): it cannot be given limits")
        }
        if record.state.status == .running, limits != old, let cgroup = record.state.cgroup {
            try applyLimits(limits, to: record, cgroup: cgroup)
        }
        try containers.update(id) { record in
            record.config.resources = limits
            if let restartPolicy { record.config.restartPolicy = restartPolicy }
        }
    }

    private func applyLimits(_ limits: ResourceLimits, to record: ContainerRecord, cgroup: ContainerCgroup) throws {
        let planned = try ContainerCgroup.plan(containerID: record.id, parent: record.config.cgroupParent, limits: limits,
                                               devices: cgroup.devices, layout: try CgroupLayout.ofThisProcess())
        var current = cgroup
        for directory in planned.directories {
            if let index = current.directories.firstIndex(where: { $0.path == directory.path }) {
                // A v2 directory whose parent must now hand it another controller.
                guard directory.version == .v2, !Set(directory.controllers).isSubset(of: current.directories[index].controllers) else { continue }
                try current.enableControllers(for: directory)
                current.directories[index].controllers = directory.controllers
                try containers.update(record.id) { $0.state.cgroup = current }
            } else {
                try addCgroupDirectory(directory, to: record)
                current.directories.append(directory)
            }
        }
        try current.update(limits: limits)
    }
}
