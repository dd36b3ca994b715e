import Netns

/// A container as a front end asks for it, before validation: what `run` and `create` make of their
/// flags, and what a Dockerfile RUN step, a compose service or an OCI bundle is to become. Engine.create
/// validates it and records it as the container's ContainerConfig.
public struct CreateOptions: Sendable {
    public var name: String?
    public var image: String
    /// The command line after the image: it replaces the image's CMD; empty for the image's.
    public var command: [String]
    /// --platform: the image must be of this os/arch[/variant].
    public var platform: OCIDescriptor.Platform?
    /// --entrypoint: nil for the image's ENTRYPOINT, [] for none (`--entrypoint ''`). Setting it
    /// drops the image's CMD too, as in Docker.
    public var entrypoint: [String]?
    /// --expose: ports the container exposes ("80/tcp"), to which the image's EXPOSE adds.
    public var exposedPorts: [String] = []
    /// -P: every exposed port published on a free host port.
    public var publishAll = false
    /// --label, on top of the image's LABELs.
    public var labels: [String: String] = [:]
    /// --stop-signal: what `stop` sends; nil for the image's STOPSIGNAL, else SIGTERM.
    public var stopSignal: String?
    /// --stop-timeout: the seconds `stop` waits when it is given none (nil: 10; negative: no limit).
    public var stopTimeout: Int?
    /// Already expanded `-e` and `--env-file` entries (see `Environment.parse`), which override the
    /// image's ENV by name.
    public var env: [String] = []
    public var workingDir = ""
    public var user = ""
    public var hostname: String?
    /// --domainname: the NIS domain name of the container's UTS namespace.
    public var domainname: String?
    public var interactive = false
    public var tty = false
    /// -a: the streams an attached run shows; nil for Docker's default (AttachedStreams.dockerDefault).
    public var attachedStreams: AttachedStreams?
    public var autoRemove = false
    public var network: NetworkMode = .network(NetworkMode.defaultNetwork)
    /// --ip: an address on the primary network.
    public var requestedAddress: IPv4Address?
    /// --mac-address: the primary network interface's MAC instead of Docker's 02:42 and the address.
    public var requestedMACAddress: MACAddress?
    public var links: [ContainerLink] = []
    public var networkAliases: [String] = []
    public var dns: [String] = []
    public var dnsSearch: [String] = []
    public var dnsOptions: [String] = []
    public var extraHosts: [HostEntry] = []
    public var ports: [PublishedPort] = []
    public var restartPolicy: RestartPolicy = .no
    public var resources = ResourceLimits()
    public var cgroupParent: String?
    public var cgroupsEnabled = true
    public var security = SecurityOptions()
    public var volumes: [VolumeMount] = []
    public var tmpfs: [TmpfsMount] = []
    /// --volumes-from: CONTAINER[:ro|rw] whose volumes the container mounts too (see addingVolumesFrom).
    public var volumesFrom: [String] = []
    public var readOnlyRoot = false
    /// --shm-size: the bytes of /dev/shm's tmpfs (nil: Docker's 64 MiB).
    public var shmSize: UInt64?
    /// --init: a minimal init is the container's PID 1 and runs the command as its child.
    public var initProcess = false
    /// --device: host device nodes made in the container and allowed in its cgroup.
    public var devices: [DeviceMapping] = []
    /// --device-cgroup-rule: devices allowed beyond Docker's defaults, whether a node exists or not.
    public var deviceCgroupRules: [DeviceRule] = []
    /// --ulimit: resource limits of the container's processes, exec's too.
    public var ulimits: [Ulimit] = []
    /// --sysctl: namespaced kernel parameters written in the container's /proc/sys (Sysctls.parse).
    public var sysctls: [String: String] = [:]
    /// --group-add: supplementary groups, names of the image's /etc/group or numbers.
    public var groupAdd: [String] = []
    /// --pid, --ipc, --uts: the container's own namespaces of these kinds, the host's or another container's.
    public var pidMode = NamespaceMode()
    public var ipcMode = NamespaceMode()
    public var utsMode = NamespaceMode()
    /// --cgroupns: the container's own cgroup namespace (minirun's default, as Docker's on cgroup
    /// v2) or the host's.
    public var cgroupnsMode = NamespaceMode()
    /// --log-driver and --log-opt (LogConfig checked them).
    public var logConfig = LogConfig()
    /// --oom-score-adj: the container's first process's oom_score_adj (checkOOMScoreAdj).
    public var oomScoreAdj: Int?
    /// --health-* and --no-healthcheck: over the image's HEALTHCHECK field by field; nil for the image's.
    public var healthcheck: HealthCheckConfig?
    /// --cidfile: where `create` writes the new container's ID (a file that must not exist yet).
    public var idFile: String?

    public init(image: String, command: [String]) {
        self.image = image
        self.command = command
    }
}

extension CreateOptions {
    /// Docker's range for --oom-score-adj (compose's oom_score_adj), with its message.
    public static func checkOOMScoreAdj(_ score: Int) throws {
        guard (-1000...1000).contains(score) else {
            throw RuntimeError(.invalidArgument, "Invalid value \(score), range for oom score adj is [-1000, 1000]")
        }
    }

    /// --shm-size's value (run's and build's): a size above 0, as Docker's RAMInBytes reads it.
    public static func shmSize(parsing text: String) throws -> UInt64 {
        let bytes = try ResourceLimits.parseBytes(text)
        guard bytes > 0 else { throw RuntimeError(.invalidArgument, "invalid --shm-size \(Identifiers.printable(text)): it must be more than 0") }
        return UInt64(bytes)
    }

    /// --mac-address's value (compose's mac_address), refused in Docker's words.
    public static func requestedMACAddress(parsing text: String) throws -> MACAddress {
        do { return try MACAddress(parsing: text) } catch { throw RuntimeError(.invalidArgument, "\(Identifiers.printable(text)) is not a valid mac address") }
    }
}
