import Glibc

/// `commit`'s settings: the history entry's author and comment, `--change` instructions, and
/// whether a running container is paused while its layer is read (Docker's default).
public struct CommitOptions: Sendable {
    public var author: String?
    public var message: String?
    public var changes: [ImageInstruction] = []
    public var pause = true

    public init(author: String? = nil, message: String? = nil, changes: [ImageInstruction] = [], pause: Bool = true) {
        self.author = author
        self.message = message
        self.changes = changes
        self.pause = pause
    }
}

extension Engine {
    /// `commit`: a new image of the container's image, its writable layer on top (none when it
    /// changed no file, as Docker leaves an empty one out) and its configuration as the container
    /// runs with it (Env, Cmd, Entrypoint, WorkingDir, User, Labels, ExposedPorts, StopSignal,
    /// Healthcheck), `--change` over that; named `name`, else listed as <none>:<none>. Returns the
    /// image ID.
    public func commit(_ reference: String, as name: ImageReference?, options: CommitOptions) throws -> String {
        let record = try inspect(reference)
        guard let parentLayers = try images.content(of: record.config.imageID)?.layers else {
            throw RuntimeError(.invalidArgument, "the image of container \(record.name) was imported before images had layers: import it again to commit the container")
        }
        var config = try images.config(of: record.config.imageID)
        var editor = ImageConfigEditor(Self.execution(of: record.config, over: config.config))
        for change in options.changes { try editor.apply(change) }
        config.config = editor.config

        // Where it cannot be paused (no freezer here) its layer is read as it runs, as with -p=false.
        let paused = options.pause && record.state.status == .running && !record.state.paused && (try? pause(record.id)) != nil
        defer { if paused { try? unpause(record.id) } }
        let tar = containers.directory(record.id) + "/commit-\(getpid()).tar"
        defer { unlink(tar) }
        let packed = try ImageArchive.pack(containers.directory(record.id) + "/upper", into: tar, unpacker: executables.unpack)
        let layer = packed.diffID == ImageArchive.emptyTarDiffID ? nil : BuiltLayer(tar: tar, diffID: packed.diffID, bytes: packed.bytes)

        let now = Timestamp.now().description
        config.created = now
        config.author = options.author
        if let layer { config.rootfs.diffIDs.append(layer.diffID) }
        config.history = (config.history ?? []) + [OCIImageConfig.History(
            created: now, createdBy: record.config.command.joined(separator: " "), author: options.author, comment: options.message,
            emptyLayer: layer == nil ? true : nil)]
        let stored = try images.addBuiltStep(config: config, parentLayers: parentLayers, layer: layer, key: nil, inUse: Set(imageUsers().keys))
        try images.nameBuilt(stored.id, names: name.map { [$0] } ?? [])
        return stored.id
    }

    /// What the container runs with, as an image config says it: the image's own (VOLUME, ONBUILD)
    /// with the container's values over it.
    static func execution(of container: ContainerConfig, over image: OCIImageConfig.Execution?) -> OCIImageConfig.Execution {
        var execution = image ?? .init()
        execution.env = container.env
        execution.entrypoint = container.entrypoint.isEmpty ? nil : container.entrypoint
        execution.cmd = Array(container.command.dropFirst(container.entrypoint.count))
        execution.workingDir = container.workingDir.isEmpty ? nil : container.workingDir
        execution.user = container.user.isEmpty ? nil : container.user
        execution.labels = container.labels.isEmpty ? nil : container.labels
        execution.exposedPorts = container.exposedPorts.isEmpty ? nil : Dictionary(uniqueKeysWithValues: container.exposedPorts.map { ($0, .init()) })
        execution.stopSignal = container.stopSignal
        execution.healthcheck = container.healthcheck
        return execution
    }
}
