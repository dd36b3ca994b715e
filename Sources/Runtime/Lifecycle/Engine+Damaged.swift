extension Engine {
    /// `rm` of a container whose record cannot be read: what can be found without the record goes.
    /// Its processes (see ContainerRemnants) are killed - only with `force`, since it may be
    /// running - then its cgroup directories, its leases, its name, its directory and lock file;
    /// the firewall and hosts files are written again without it. Its veth pairs go with its
    /// network namespace, and its published ports with its monitor.
    func removeDamaged(_ container: DamagedContainer, force: Bool) throws {
        let id = container.id
        let label = container.name ?? Identifiers.short(id)
        let directory = containers.directory(id)
        let remnants = ContainerRemnants(id: id, directory: directory)
        explainer.note("container \(label) has a damaged record (\(container.problem)): what is found of it without the record goes")
        if !remnants.processes.isEmpty {
            guard force else {
                throw RuntimeError(.conflict, "cannot remove container \"\(label)\": its record is damaged and its processes still run: force remove")
            }
            explainer.command("kill -KILL " + remnants.processes.map { String($0.pid) }.joined(separator: " "))
            guard remnants.kill(timeout: 10) else {
                throw RuntimeError(.system, "container \(label) did not stop within 10 seconds")
            }
        }
        for path in remnants.cgroupDirectories { explainer.command("rmdir \(path)") }
        try remnants.removeCgroups()
        releaseLeases(of: id, on: networks.list().map(\.name))
        for name in containers.names(of: id) { FileSystem.remove(root.names + "/" + name) }
        explainer.command("rm -rf \(directory)")
        try FileSystem.removeTree(directory)
        FileSystem.remove(root.locks + "/" + id + ".op")
        if !networks.list().isEmpty { try applyFirewall() }
        refreshHosts()
    }
}
