import Netns

/// What a container was created with; `start` runs it again the same way.
public struct ContainerConfig: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    /// The image as the user named it, and the ID it resolved to.
    public var image: String
    public var imageID: String
    public var created: Timestamp
    /// Path and arguments: the entrypoint, then the CMD (the image's or the command line's).
    public var command: [String]
    /// The entrypoint `command` begins with, for inspect's Config.Entrypoint (Config.Cmd is the rest).
    @EmptyIfMissing public var entrypoint: [String]
    /// The image's LABELs with --label on top.
    @EmptyIfMissing public var labels: [String: String]
    /// What `stop` sends first, as `kill -s` names it ("SIGTERM" when nil).
    public var stopSignal: String?
    /// --stop-timeout: the seconds `stop` waits when it is given none (nil: 10; negative: no limit).
    public var stopTimeout: Int?
    /// The ports the image exposes ("80/tcp"), which -P publishes.
    @EmptyIfMissing public var exposedPorts: [String]
    /// -P: each exposed port -p does not publish is published on a free host port at every start.
    @EmptyIfMissing public var publishAll: Bool
    public var env: [String]
    public var workingDir: String
    /// "" for root, else "uid[:gid]" or a name from the image's /etc/passwd.
    public var user: String
    public var hostname: String
    /// --domainname, set in the container's UTS namespace as its hostname is.
    public var domainname: String?
    public var tty: Bool
    public var interactive: Bool
    /// -a: the streams an attached run shows; nil for Docker's default (see `streams`).
    public var attachedStreams: AttachedStreams?
    public var autoRemove: Bool
    public var network: NetworkMode
    /// The bridge networks the container joins, its primary one first (`network connect` adds more).
    public var networks: [String]
    /// The address asked for with --ip on the primary network.
    public var requestedAddress: IPv4Address?
    /// The MAC asked for with --mac-address on the primary network.
    public var requestedMACAddress: MACAddress?
    /// --platform: what the image was checked against when the container was made.
    public var platform: OCIDescriptor.Platform?
    public var links: [ContainerLink]
    /// --network-alias: more names for the container on its user-defined networks' name servers.
    @EmptyIfMissing public var networkAliases: [String]
    /// --dns, --dns-search, --dns-option: the container's resolv.conf instead of the host's values.
    @EmptyIfMissing public var dns: [String]
    @EmptyIfMissing public var dnsSearch: [String]
    @EmptyIfMissing public var dnsOptions: [String]
    /// --add-host: "NAME:ADDRESS" lines of the container's /etc/hosts.
    @EmptyIfMissing public var extraHosts: [HostEntry]
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
    /// --shm-size: the bytes of /dev/shm's tmpfs (nil: Docker's 64 MiB).
    public var shmSize: UInt64?
    /// --init: a minimal init is PID 1, forwards signals to the command and reaps orphans (Docker's
    /// HostConfig.Init).
    @EmptyIfMissing public var initProcess: Bool
    /// --device: host device nodes made in the container and allowed in its cgroup.
    @EmptyIfMissing public var devices: [DeviceMapping]
    /// --device-cgroup-rule: devices allowed beyond Docker's defaults.
    @EmptyIfMissing public var deviceCgroupRules: [DeviceRule]
    /// --ulimit: resource limits of the container's processes, exec's too (Docker's HostConfig.Ulimits).
    @EmptyIfMissing public var ulimits: [Ulimit]
    /// --sysctl: namespaced kernel parameters written in the container's /proc/sys.
    @EmptyIfMissing public var sysctls: [String: String]
    /// --group-add: supplementary groups of the container's processes, exec's too.
    @EmptyIfMissing public var groupAdd: [String]
    /// --volumes-from as given (Docker's HostConfig.VolumesFrom); their volumes are in `volumes`.
    @EmptyIfMissing public var volumesFrom: [String]
    /// --pid, --ipc, --uts, --cgroupns: Docker's modes, a container by its ID (Docker's
    /// HostConfig.PidMode, IpcMode, UTSMode, CgroupnsMode).
    @EmptyIfMissing public var pidMode: NamespaceMode
    @EmptyIfMissing public var ipcMode: NamespaceMode
    @EmptyIfMissing public var utsMode: NamespaceMode
    @EmptyIfMissing public var cgroupnsMode: NamespaceMode
    /// --log-driver and --log-opt (Docker's HostConfig.LogConfig).
    @EmptyIfMissing public var logConfig: LogConfig
    /// --oom-score-adj, written for the first process before it runs.
    public var oomScoreAdj: Int?
    /// The health check the container's monitor runs (the image's HEALTHCHECK under --health-*);
    /// nil or NONE for none.
    public var healthcheck: HealthCheckConfig?
    /// --cidfile: the file its ID was written to (Docker's HostConfig.ContainerIDFile).
    public var idFile: String?

    /// The record of a container made from `options`, which Engine.create has validated (and
    /// completed: the network mode resolved, ports and mounts checked). Every front end - `run` and
    /// `create` flags, and later a Dockerfile RUN step, a compose service, an OCI bundle - produces
    /// CreateOptions, so every container comes through here; RuntimeTests fail when a field of
    /// CreateOptions has none of the same name here to land in.
    init(id: String, name: String, hostname: String, imageID: String, created: Timestamp, options: CreateOptions) {
        self.id = id
        self.name = name
        self.image = options.image
        self.imageID = imageID
        self.created = created
        self.command = (options.entrypoint ?? []) + options.command
        self.entrypoint = options.entrypoint ?? []
        self.labels = options.labels
        self.stopSignal = options.stopSignal
        self.stopTimeout = options.stopTimeout
        self.exposedPorts = options.exposedPorts
        self.publishAll = options.publishAll
        self.env = options.env
        self.workingDir = options.workingDir
        self.user = options.user
        self.hostname = hostname
        self.domainname = options.domainname
        self.tty = options.tty
        self.interactive = options.interactive
        self.attachedStreams = options.attachedStreams
        self.autoRemove = options.autoRemove
        self.network = options.network
        if case .network(let name) = options.network { networks = [name] } else { networks = [] }
        self.requestedAddress = options.requestedAddress
        self.requestedMACAddress = options.requestedMACAddress
        self.platform = options.platform
        self.links = options.links
        self.networkAliases = options.networkAliases
        self.dns = options.dns
        self.dnsSearch = options.dnsSearch
        self.dnsOptions = options.dnsOptions
        self.extraHosts = options.extraHosts
        self.ports = options.ports
        self.restartPolicy = options.restartPolicy
        self.resources = options.resources
        self.cgroupParent = options.cgroupParent
        self.cgroupsEnabled = options.cgroupsEnabled
        self.security = options.security
        self.volumes = options.volumes
        self.tmpfs = options.tmpfs
        self.readOnlyRoot = options.readOnlyRoot
        self.shmSize = options.shmSize
        self.initProcess = options.initProcess
        self.devices = options.devices
        self.deviceCgroupRules = options.deviceCgroupRules
        self.ulimits = options.ulimits
        self.sysctls = options.sysctls
        self.groupAdd = options.groupAdd
        self.volumesFrom = options.volumesFrom
        self.pidMode = options.pidMode
        self.ipcMode = options.ipcMode
        self.utsMode = options.utsMode
        self.cgroupnsMode = options.cgroupnsMode
        self.oomScoreAdj = options.oomScoreAdj
        self.logConfig = options.logConfig
        self.healthcheck = options.healthcheck
        self.idFile = options.idFile
    }
}

extension ContainerConfig {
    /// The streams a `run` of this container shows: -a's, else Docker's default.
    public var streams: AttachedStreams { attachedStreams ?? .dockerDefault(interactive: interactive) }
}
