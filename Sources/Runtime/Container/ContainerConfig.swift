/// What a container was created with; `start` runs it again the same way.
public struct ContainerConfig: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    /// The image as the user named it, and the ID it resolved to.
    public var image: String
    public var imageID: String
    public var created: Timestamp
    /// Path and arguments.
    public var command: [String]
    public var env: [String]
    public var workingDir: String
    /// "" for root, else "uid[:gid]" or a name from the image's /etc/passwd.
    public var user: String
    public var hostname: String
    public var tty: Bool
    public var interactive: Bool
    public var autoRemove: Bool
    public var network: NetworkMode
    /// The bridge networks the container joins, its primary one first (`network connect` adds more).
    public var networks: [String]
    /// The address asked for with --ip on the primary network.
    public var requestedAddress: IPv4Address?
    public var links: [ContainerLink]
    /// -p: host ports published to container ports.
    public var ports: [PublishedPort]
    public var restartPolicy: RestartPolicy
    public var resources: ResourceLimits
    /// --cgroup-parent: where the container's cgroup goes instead of beneath minirun's own.
    public var cgroupParent: String?
    /// --cgroups=disabled (as podman has it): no cgroup of its own, so no limits, no stats, and no
    /// wait for the kernel to move the process (a cgroup v1 move costs an RCU grace period, ~10 ms).
    public var cgroupsEnabled: Bool
    public var security: SecurityOptions
    public var volumes: [VolumeMount]
    public var tmpfs: [TmpfsMount]
    /// --read-only: the root filesystem is read-only.
    public var readOnlyRoot: Bool
    /// --device: host device nodes made in the container and allowed in its cgroup.
    @EmptyIfMissing public var devices: [DeviceMapping]
    /// --device-cgroup-rule: devices allowed beyond Docker's defaults.
    @EmptyIfMissing public var deviceCgroupRules: [DeviceRule]

    public init(
        id: String, name: String, image: String, imageID: String, created: Timestamp, command: [String],
        env: [String], workingDir: String, user: String, hostname: String, tty: Bool, interactive: Bool,
        autoRemove: Bool, network: NetworkMode, requestedAddress: IPv4Address? = nil,
        links: [ContainerLink] = [], ports: [PublishedPort] = [], restartPolicy: RestartPolicy = .no,
        resources: ResourceLimits = ResourceLimits(), cgroupParent: String? = nil, cgroupsEnabled: Bool = true,
        security: SecurityOptions = SecurityOptions(), volumes: [VolumeMount] = [], tmpfs: [TmpfsMount] = [],
        readOnlyRoot: Bool = false, devices: [DeviceMapping] = [], deviceCgroupRules: [DeviceRule] = []
    ) {
        self.id = id
        self.name = name
        self.image = image
        self.imageID = imageID
        self.created = created
        self.command = command
        self.env = env
        self.workingDir = workingDir
        self.user = user
        self.hostname = hostname
        self.tty = tty
        self.interactive = interactive
        self.autoRemove = autoRemove
        self.network = network
        if case .network(let name) = network { networks = [name] } else { networks = [] }
        self.requestedAddress = requestedAddress
        self.links = links
        self.ports = ports
        self.restartPolicy = restartPolicy
        self.resources = resources
        self.cgroupParent = cgroupParent
        self.cgroupsEnabled = cgroupsEnabled
        self.security = security
        self.volumes = volumes
        self.tmpfs = tmpfs
        self.readOnlyRoot = readOnlyRoot
        self.devices = devices
        self.deviceCgroupRules = deviceCgroupRules
    }

}
