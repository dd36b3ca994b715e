extension Engine {
    /// Removes a named volume (volumes/NAME, made by the first container that mounts it): `compose
    /// down -v`. Refused while a container, running or not, mounts it; false when there is none.
    public func removeNamedVolume(_ name: String) throws -> Bool {
        guard !name.isEmpty, !name.contains("/"), name != ".", name != ".." else {
            throw RuntimeError(.invalidArgument, "invalid volume name \(Identifiers.printable(name))")
        }
        if let user = containers.list().first(where: { $0.config.volumes.contains { $0.source == name } }) {
            throw RuntimeError(.conflict, "remove \(name): volume is in use by container \(Identifiers.short(user.id)) (\(user.name))")
        }
        let path = volumeDirectory(named: name)
        guard FileSystem.exists(path) else { return false }
        try FileSystem.removeTree(path)
        return true
    }
}
