import Runtime

/// `down`'s choices.
public struct DownOptions: Sendable {
    /// -v: the project's named volumes too (not external ones).
    public var volumes = false
    public var removeOrphans = false
    /// --rmi local (images without an `image:`, that `build` made) or all.
    public var removeImages: String?

    public init() {}
}

extension ProjectRunner {
    /// `down`: the project's containers stopped and removed (dependents first, each level of the
    /// dependency order at once), then its networks, and with -v its volumes; nothing that is not
    /// the project's.
    public func down(_ options: DownOptions) throws {
        if let mode = options.removeImages, mode != "local" && mode != "all" {
            throw RuntimeError(.invalidArgument, "invalid --rmi \(mode): local or all")
        }
        let all = containers(oneoff: true)
        let ours = all.filter { project.services[$0.serviceName] != nil || options.removeOrphans }
        let orphans = all.filter { project.services[$0.serviceName] == nil && !options.removeOrphans }
        for level in try shutdownLevels(ours) {
            try eachAtOnce(level) { try self.removeContainer($0) }
        }
        for (key, network) in project.networks.sorted(by: { $0.key < $1.key }) where !network.external {
            guard engine.networks.exists(network.name) else { continue }
            if key == "default" && !orphans.isEmpty && orphans.contains(where: { $0.config.networks.contains(network.name) }) { continue }
            say("Network", network.name, "Removing")
            _ = try engine.removeNetwork(network.name)
            say("Network", network.name, "Removed")
        }
        if options.volumes {
            for volume in project.volumes.values.sorted(by: { $0.name < $1.name }) where !volume.external {
                if try engine.removeNamedVolume(volume.name) { say("Volume", volume.name, "Removed") }
            }
        }
        if let mode = options.removeImages {
            let images = Set(project.serviceList.filter { mode == "all" || $0.image == nil }.map(project.imageName(of:)))
            for image in images.sorted() where (try? engine.images.resolve(image)) != nil {
                _ = try engine.removeImage(image, force: false)
                say("Image", image, "Removed")
            }
        }
    }
}
