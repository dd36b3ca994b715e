import Runtime

/// One service as the files describe it once loaded, interpolated, merged and normalised: each value
/// in one form (long syntax, lists split, relative paths made absolute). `config` prints it, its
/// config hash is taken from it, and ServiceContainer turns it into a container's CreateOptions.
public struct ComposeService: Codable, Sendable, Equatable {
    public var name: String
    public var image: String?
    public var build: BuildSpec?
    public var command: [String]?
    public var entrypoint: [String]?
    public var environment: [String: String] = [:]
    public var ports: [PortSpec] = []
    public var expose: [String] = []
    /// The networks the service joins (by their key in the file), nil when network_mode says otherwise.
    public var networks: [String: ServiceNetwork]?
    public var networkMode: String?
    public var links: [String] = []
    public var dependsOn: [String: Dependency] = [:]
    public var containerName: String?
    public var volumes: [VolumeSpec] = []
    public var restart: String?
    public var healthcheck: HealthcheckSpec?
    public var workingDir: String?
    public var user: String?
    public var hostname: String?
    public var labels: [String: String] = [:]
    public var capAdd: [String] = []
    public var capDrop: [String] = []
    public var privileged = false
    public var readOnly = false
    public var tmpfs: [String] = []
    public var memLimit: String?
    public var memswapLimit: String?
    public var memReservation: String?
    /// cpuset: `--cpuset-cpus`.
    public var cpuset: String?
    public var cpuShares: Int?
    /// pull_policy: when `up` pulls (or builds) the image; nil is Compose's default, missing.
    public var pullPolicy: ComposePullPolicy?
    /// platform: the image's os/arch[/variant], pulled when the one here is of another.
    public var platform: OCIDescriptor.Platform?
    /// domainname: `--domainname`.
    public var domainname: String?
    /// mac_address: `--mac-address`.
    public var macAddress: MACAddress?
    /// cpu_period and cpu_quota: `--cpu-period`, `--cpu-quota`.
    public var cpuPeriod: Int?
    public var cpuQuota: Int?
    public var cgroupParent: String?
    public var deviceCgroupRules: [String] = []
    public var cpus: String?
    public var pidsLimit: Int?
    public var stopSignal: String?
    /// Seconds; 10 by default, as in Compose.
    public var stopGracePeriod: Int?
    public var initProcess: Bool?
    public var profiles: [String] = []
    public var dns: [String] = []
    public var dnsSearch: [String] = []
    public var dnsOptions: [String] = []
    public var extraHosts: [String] = []
    /// ulimits, by name: `nofile: 1024` or `nofile: {soft: 1024, hard: 2048}`.
    public var ulimits: [String: ComposeUlimit] = [:]
    public var sysctls: [String: String] = [:]
    public var groupAdd: [String] = []
    /// shm_size as written ("64m", or bytes).
    public var shmSize: String?
    public var tty = false
    public var stdinOpen = false
    public var securityOptions: [String] = []
    /// volumes_from: SERVICE[:ro|rw] or container:NAME[:ro|rw].
    public var volumesFrom: [String] = []
    /// pid, ipc and uts: `run`'s --pid, --ipc and --uts (host, container:NAME, ...), checked when read.
    public var pid: NamespaceMode?
    public var ipc: NamespaceMode?
    public var uts: NamespaceMode?
    /// logging: driver and options, as `--log-driver` and `--log-opt` (checked when read).
    public var logging: LogConfig?
    /// cgroup: `--cgroupns` (host or private).
    public var cgroup: NamespaceMode?
    public var oomScoreAdj: Int?
    /// mem_swappiness and oom_kill_disable, as `--memory-swappiness` and `--oom-kill-disable`.
    public var memSwappiness: Int?
    public var oomKillDisable = false
    /// devices, from the short syntax (HOST[:CONTAINER[:PERMISSIONS]]) or the long one.
    public var devices: [DeviceMapping] = []
    /// deploy.replicas, or --scale: how many containers the service has (1 by default).
    public var replicas = 1

    public init(name: String) {
        self.name = name
    }

    enum CodingKeys: String, CodingKey {
        case name, image, build, command, entrypoint, environment, ports, expose, networks, links, restart, healthcheck
        case user, hostname, labels, privileged, tmpfs, cpus, profiles, dns, replicas
        case networkMode = "network_mode", dependsOn = "depends_on", containerName = "container_name", volumes
        case workingDir = "working_dir", capAdd = "cap_add", capDrop = "cap_drop", readOnly = "read_only"
        case memLimit = "mem_limit", pidsLimit = "pids_limit", stopSignal = "stop_signal"
        case stopGracePeriod = "stop_grace_period", initProcess = "init", dnsSearch = "dns_search", extraHosts = "extra_hosts"
    }
}

/// One of a service's ulimits: a single number is both limits, as Compose writes it back.
public struct ComposeUlimit: Codable, Sendable, Equatable {
    public var soft: Int
    public var hard: Int
    public var single: Bool

    public init(soft: Int, hard: Int, single: Bool = false) {
        self.soft = soft
        self.hard = hard
        self.single = single
    }

    public func encode(to encoder: any Encoder) throws {
        if single {
            var value = encoder.singleValueContainer()
            try value.encode(soft)
        } else {
            var keys = encoder.container(keyedBy: CodingKeys.self)
            try keys.encode(soft, forKey: .soft)
            try keys.encode(hard, forKey: .hard)
        }
    }
}

public struct BuildSpec: Codable, Sendable, Equatable {
    /// An absolute directory.
    public var context: String
    public var dockerfile: String = "Dockerfile"
    public var args: [String: String] = [:]
    public var target: String?
    /// `labels` of the image, `tags` beside its name, `no_cache`, and `network` of its RUN steps
    /// (bridge by default, host or none), as `minirun build --label -t --no-cache --network`.
    public var labels: [String: String] = [:]
    public var tags: [String] = []
    public var noCache = false
    public var network: String?

    enum CodingKeys: String, CodingKey {
        case context, dockerfile, args, target, labels, tags, noCache = "no_cache", network
    }
}

public struct PortSpec: Codable, Sendable, Equatable {
    public var target: Int
    public var published: Int?
    public var hostIP: String?
    public var `protocol`: String = "tcp"
    /// The long syntax's name and app_protocol: kept for `config`, as Compose keeps them; they
    /// change nothing that is published.
    public var name: String?
    public var appProtocol: String?

    enum CodingKeys: String, CodingKey {
        case target, published, `protocol`, hostIP = "host_ip", name, appProtocol = "app_protocol"
    }

    /// `-p`'s text for it: "[IP:][PUBLISHED:]TARGET/PROTOCOL".
    var publishText: String {
        var text = ""
        if let hostIP { text += hostIP + ":" + (published.map(String.init) ?? "") + ":" } else if let published { text += "\(published):" }
        return text + "\(target)/\(self.protocol)"
    }
}

public struct ServiceNetwork: Codable, Sendable, Equatable {
    public var aliases: [String] = []
    public var ipv4Address: String?
    /// The higher, the earlier the container joins the network (the highest is its primary one).
    public var priority: Int?

    enum CodingKeys: String, CodingKey {
        case aliases, ipv4Address = "ipv4_address", priority
    }
}

public struct Dependency: Codable, Sendable, Equatable {
    public enum Condition: String, Codable, Sendable {
        case started = "service_started"
        case healthy = "service_healthy"
        case completedSuccessfully = "service_completed_successfully"
    }

    public var condition: Condition = .started
    public var required = true
    /// restart: true - the service is restarted when `restart` restarts the one it depends on;
    /// nil when not (left out of `config`, as Compose leaves it out).
    public var restart: Bool?
}

public struct VolumeSpec: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        case bind, volume, tmpfs
    }

    public var type: Kind
    /// An absolute host path (bind), the volume's key in the file (volume; nil for an anonymous one).
    public var source: String?
    public var target: String
    public var readOnly = false
    /// A bind's `create_host_path`: a missing source is made (a directory), as `-v` makes it. The
    /// short syntax implies it, as in Compose.
    public var createHostPath = false
    /// A bind's `propagation` and `selinux` (z or Z), given to the mount as `-v`'s modes.
    public var propagation: String?
    public var selinux: String?
    /// A volume's `nocopy`: the image's files at the target do not fill it.
    public var noCopy = false
    /// A tmpfs's `size` (bytes, or with a unit) and `mode` (octal).
    public var tmpfsSize: String?
    public var tmpfsMode: String?

    public init(type: Kind, source: String?, target: String, readOnly: Bool = false, createHostPath: Bool = false) {
        self.type = type
        self.source = source
        self.target = target
        self.readOnly = readOnly
        self.createHostPath = createHostPath
    }

    enum CodingKeys: String, CodingKey {
        case type, source, target, readOnly = "read_only", createHostPath, propagation, selinux, noCopy, tmpfsSize, tmpfsMode
    }

    /// `-v`'s modes for this mount, after the colon: "ro,rslave,nocopy"; "" for none.
    public var modes: String {
        ([readOnly ? "ro" : nil, propagation, selinux, noCopy ? "nocopy" : nil] as [String?]).compactMap { $0 }.joined(separator: ",")
    }

    /// `--tmpfs`'s options for this mount: "size=64m,mode=1770"; "" for none.
    public var tmpfsOptions: String {
        ([tmpfsSize.map { "size=" + $0 }, tmpfsMode.map { "mode=" + $0 }] as [String?]).compactMap { $0 }.joined(separator: ",")
    }
}

public struct HealthcheckSpec: Codable, Sendable, Equatable {
    /// Docker's form: ["CMD", ...], ["CMD-SHELL", "..."] or ["NONE"].
    public var test: [String] = []
    public var interval: String?
    public var timeout: String?
    public var retries: Int?
    public var startPeriod: String?
    public var startInterval: String?
    public var disable = false

    enum CodingKeys: String, CodingKey {
        case test, interval, timeout, retries, disable, startPeriod = "start_period", startInterval = "start_interval"
    }
}
