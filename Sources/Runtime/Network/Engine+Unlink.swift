extension Engine {
    /// `rm --link /PARENT/ALIAS`: the legacy link ALIAS goes from container PARENT (its hosts entry
    /// with it); the linked container stays, as Docker's. A path without a parent names a
    /// container's own name, which is not a link.
    public func removeLink(_ path: String) throws {
        let parts = (path.hasPrefix("/") ? String(path.dropFirst()) : path).split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 else {
            throw RuntimeError(.conflict, "Conflict, cannot remove the default link name of the container")
        }
        let (parent, alias) = (parts[0], parts[1])
        guard let id = try? containers.resolve(parent),
              try containers.load(id).config.links.contains(where: { $0.alias == alias })
        else { throw RuntimeError(.notFound, "No such container: \(Identifiers.printable(path))") }
        try containers.update(id) { record in record.config.links.removeAll { $0.alias == alias } }
        refreshHosts()
    }
}
