/// `image inspect` output, with Docker's field names and order (the fields minirun has).
public struct ImageInspection: Encodable, Sendable {
    /// The image's config as Docker shows it: a container config's fields, null where unset.
    public struct ConfigInfo: Encodable, Sendable {
        public var Hostname = ""
        public var Domainname = ""
        public var User: String
        public var AttachStdin = false
        public var AttachStdout = false
        public var AttachStderr = false
        public var ExposedPorts: [String: [String: String]]?
        public var Tty = false
        public var OpenStdin = false
        public var StdinOnce = false
        @NullIfNil public var Env: [String]?
        @NullIfNil public var Cmd: [String]?
        public var Healthcheck: HealthCheckConfig?
        public var Image = ""
        @NullIfNil public var Volumes: [String: [String: String]]?
        public var WorkingDir: String
        @NullIfNil public var Entrypoint: [String]?
        @NullIfNil public var OnBuild: [String]? = nil
        @NullIfNil public var Labels: [String: String]?
        public var StopSignal: String?
        /// SHELL's, left out when unset as Docker leaves it out.
        public var Shell: [String]?

        init(_ execution: OCIImageConfig.Execution) {
            User = execution.user ?? ""
            ExposedPorts = execution.exposedPorts.map { $0.mapValues { _ in [:] } }
            Env = execution.env
            Cmd = execution.cmd
            Healthcheck = execution.healthcheck
            Volumes = execution.volumes.map { $0.mapValues { _ in [:] } }
            WorkingDir = execution.workingDir ?? ""
            Entrypoint = execution.entrypoint
            OnBuild = execution.onBuild
            Labels = execution.labels
            StopSignal = execution.stopSignal
            Shell = execution.shell
        }
    }

    public struct RootFSInfo: Encodable, Sendable {
        public var `Type`: String
        public var Layers: [String]
    }

    /// Where the layers are on disk, with Docker's overlay2 keys: UpperDir is the top layer,
    /// LowerDir the others, top first, joined by ":" (absent for a one-layer image) - so that
    /// `UpperDir:LowerDir` is the `lowerdir=` of an overlay of the image, as a by-hand rebuild needs.
    public struct GraphDriverInfo: Encodable, Sendable {
        public var Data: [String: String]
        public var Name = "overlay2"

        init(layerDirectories: [String]) {
            Data = [:]
            if let top = layerDirectories.first { Data["UpperDir"] = top }
            if layerDirectories.count > 1 { Data["LowerDir"] = layerDirectories.dropFirst().joined(separator: ":") }
        }
    }

    public struct MetadataInfo: Encodable, Sendable {
        public var LastTagTime: String
    }

    public var Id: String
    public var RepoTags: [String]
    public var RepoDigests: [String]
    public var Parent = ""
    public var Comment: String
    public var Created: String
    public var Author: String
    public var Config: ConfigInfo
    public var Architecture: String
    public var Variant: String?
    public var Os: String
    public var Size: UInt64
    public var GraphDriver: GraphDriverInfo
    public var RootFS: RootFSInfo
    public var Metadata: MetadataInfo

    /// `records` are the image's tags (one image ID), `config` its config.
    public init(records: [ImageRecord], config: OCIImageConfig, layerDirectories: [String]) {
        let first = records[0]
        Id = "sha256:" + first.id
        RepoTags = records.filter { !$0.isUntagged }.map(\.reference.description)
        RepoDigests = []
        for reference in records.compactMap(\.digestReference) where !RepoDigests.contains(reference) { RepoDigests.append(reference) }
        Comment = config.history?.last?.comment ?? ""
        Created = config.created ?? first.created.description
        Author = config.author ?? ""
        Config = ConfigInfo(config.config ?? .init())
        Architecture = config.architecture
        Variant = config.variant
        Os = config.os
        Size = first.size
        GraphDriver = GraphDriverInfo(layerDirectories: layerDirectories)
        RootFS = RootFSInfo(Type: config.rootfs.type, Layers: config.rootfs.diffIDs)
        Metadata = MetadataInfo(LastTagTime: records.map(\.created).max()?.description ?? Timestamp.zero.description)
    }
}

extension ImageStore {
    /// Docker's inspect document for the image `reference` names (a name or an ID).
    public func inspection(of reference: String) throws -> ImageInspection {
        _ = try list()  // a damaged index is reported as such, not as a missing image
        guard let image = try? resolve(reference) else { throw RuntimeError.notFound("image", Identifiers.printable(reference)) }
        return ImageInspection(records: try list().filter { $0.id == image.id }, config: try config(of: image.id),
            layerDirectories: layerDirectories(of: image.id))
    }
}
