extension Engine {
    /// `--volumes-from CONTAINER[:ro|rw]`: the volumes and bind mounts of other containers (running
    /// or not) at the same paths, as Docker's: read-only or not as there unless `:ro` or `:rw` says,
    /// a path the container mounts itself left to its own mount, the first container's where two
    /// mount one path. An anonymous volume is shared, not copied: it goes with the last container
    /// that uses it (see `removeAnonymousVolumes`).
    func addingVolumesFrom(_ options: CreateOptions) throws -> CreateOptions {
        var options = options
        for entry in options.volumesFrom {
            let reference = String(entry.prefix { $0 != ":" })
            let mode = entry.firstIndex(of: ":").map { String(entry[entry.index(after: $0)...]) }
            guard mode == nil || mode == "ro" || mode == "rw" else {
                throw RuntimeError(.invalidArgument, "invalid mode: \(Identifiers.printable(mode ?? ""))")
            }
            let source = try inspect(reference)
            for volume in source.config.volumes {
                let covered = Set(options.volumes.map(\.target) + options.tmpfs.map(\.target))
                guard !covered.contains(volume.target) else { continue }
                var shared = volume
                if let mode { shared.readOnly = mode == "ro" }
                options.volumes.append(shared)
            }
        }
        return options
    }
}
