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
    public var cpus: String?
    public var pidsLimit: Int?
    public var stopSignal: String?
    /// Seconds; 10 by default, as in Compose.
    public var stopGracePeriod: Int?
    public var initProcess: Bool?
    public var profiles: [String] = []
    public var dns: [String] = []
    public var dnsSearch: [String] = []
    public var extraHosts: [String] = []
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

public struct BuildSpec: Codable, Sendable, Equatable {
    /// An absolute directory.
    public var context: String
    public var dockerfile: String = "Dockerfile"
    public var args: [String: String] = [:]
    public var target: String?
}

public struct PortSpec: Codable, Sendable, Equatable {
    public var target: Int
    public var published: Int?
    public var hostIP: String?
    public var `protocol`: String = "tcp"

    enum CodingKeys: String, CodingKey {
        case target, published, `protocol`, hostIP = "host_ip"
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

    enum CodingKeys: String, CodingKey {
        case aliases, ipv4Address = "ipv4_address"
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

    public init(type: Kind, source: String?, target: String, readOnly: Bool = false) {
        self.type = type
        self.source = source
        self.target = target
        self.readOnly = readOnly
    }

    enum CodingKeys: String, CodingKey {
        case type, source, target, readOnly = "read_only"
    }
}

public struct HealthcheckSpec: Codable, Sendable, Equatable {
    /// Docker's form: ["CMD", ...], ["CMD-SHELL", "..."] or ["NONE"].
    public var test: [String] = []
    public var interval: String?
    public var timeout: String?
    public var retries: Int?
    public var startPeriod: String?
    public var disable = false

    enum CodingKeys: String, CodingKey {
        case test, interval, timeout, retries, disable, startPeriod = "start_period"
    }
}
