/// An image's configuration, as the OCI image-spec's config.json (and Docker's, which adds fields
/// that are ignored here) carries it. The image ID is the sha256 of the config blob's bytes as they
/// arrived, so a config is never re-encoded to compute it: the store keeps the original bytes.
public struct OCIImageConfig: Codable, Sendable, Equatable {
    /// RFC 3339, as written by the builder ("2024-05-01T12:00:00.123456789Z").
    public var created: String?
    public var author: String?
    public var architecture: String
    public var os: String
    public var variant: String?
    public var config: Execution?
    public var rootfs: RootFS
    public var history: [History]?

    public init(
        created: String? = nil, author: String? = nil, architecture: String, os: String, variant: String? = nil,
        config: Execution? = nil, rootfs: RootFS, history: [History]? = nil
    ) {
        self.created = created
        self.author = author
        self.architecture = architecture
        self.os = os
        self.variant = variant
        self.config = config
        self.rootfs = rootfs
        self.history = history
    }

    /// The platform the image is for, as an index would list it.
    public var platform: OCIDescriptor.Platform {
        OCIDescriptor.Platform(architecture: architecture, os: os, variant: variant)
    }

    /// What a container of the image runs, and how, unless `run` says otherwise.
    public struct Execution: Codable, Sendable, Equatable {
        public var user: String?
        /// "80/tcp" -> {} (the spec's empty object).
        public var exposedPorts: [String: Empty]?
        public var env: [String]?
        public var entrypoint: [String]?
        public var cmd: [String]?
        /// "/data" -> {}.
        public var volumes: [String: Empty]?
        public var workingDir: String?
        public var labels: [String: String]?
        public var stopSignal: String?
        /// HEALTHCHECK: what `run` checks the container with unless told otherwise.
        public var healthcheck: HealthCheckConfig?
        /// ONBUILD: instructions ("RUN make") a build FROM this image runs first.
        public var onBuild: [String]?
        /// SHELL: what runs the shell form of RUN, CMD and ENTRYPOINT (nil: /bin/sh -c).
        public var shell: [String]?

        public init(
            user: String? = nil, exposedPorts: [String: Empty]? = nil, env: [String]? = nil, entrypoint: [String]? = nil,
            cmd: [String]? = nil, volumes: [String: Empty]? = nil, workingDir: String? = nil,
            labels: [String: String]? = nil, stopSignal: String? = nil, healthcheck: HealthCheckConfig? = nil,
            onBuild: [String]? = nil, shell: [String]? = nil
        ) {
            self.user = user
            self.exposedPorts = exposedPorts
            self.env = env
            self.entrypoint = entrypoint
            self.cmd = cmd
            self.volumes = volumes
            self.workingDir = workingDir
            self.labels = labels
            self.stopSignal = stopSignal
            self.healthcheck = healthcheck
            self.onBuild = onBuild
            self.shell = shell
        }

        enum CodingKeys: String, CodingKey {
            case user = "User", exposedPorts = "ExposedPorts", env = "Env", entrypoint = "Entrypoint", cmd = "Cmd"
            case volumes = "Volumes", workingDir = "WorkingDir", labels = "Labels", stopSignal = "StopSignal"
            case healthcheck = "Healthcheck", onBuild = "OnBuild", shell = "Shell"
        }
    }

    /// The spec's `{}` value of ExposedPorts and Volumes entries.
    public struct Empty: Codable, Sendable, Equatable {
        public init() {}
    }

    public struct RootFS: Codable, Sendable, Equatable {
        /// Always "layers".
        public var type: String
        /// "sha256:<hex>" of each layer's uncompressed tar, bottom layer first.
        public var diffIDs: [String]

        public init(type: String = "layers", diffIDs: [String]) {
            self.type = type
            self.diffIDs = diffIDs
        }

        enum CodingKeys: String, CodingKey {
            case type
            case diffIDs = "diff_ids"
        }
    }

    /// One step of how the image was made; `emptyLayer` steps (ENV, CMD, ...) added no layer.
    public struct History: Codable, Sendable, Equatable {
        public var created: String?
        public var createdBy: String?
        public var author: String?
        public var comment: String?
        public var emptyLayer: Bool?

        public init(created: String? = nil, createdBy: String? = nil, author: String? = nil, comment: String? = nil, emptyLayer: Bool? = nil) {
            self.created = created
            self.createdBy = createdBy
            self.author = author
            self.comment = comment
            self.emptyLayer = emptyLayer
        }

        enum CodingKeys: String, CodingKey {
            case created, author, comment
            case createdBy = "created_by"
            case emptyLayer = "empty_layer"
        }
    }
}
