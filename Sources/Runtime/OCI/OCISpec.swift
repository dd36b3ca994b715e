/// A bundle's config.json: the parts of the OCI runtime-spec (1.0.2) that minirun-oci reads, with the
/// runtime-spec's field names. Unknown fields are ignored, as runc ignores them.
public struct OCISpec: Codable, Sendable {
    public var ociVersion: String
    public var process: OCIProcess?
    public var root: OCIRoot?
    public var hostname: String?
    public var domainname: String?
    public var mounts: [OCIMount]?
    public var hooks: OCIHooks?
    public var annotations: [String: String]?
    public var linux: OCILinux?
}

public struct OCIProcess: Codable, Sendable {
    public var terminal: Bool?
    /// With terminal: the console's size before the process starts.
    public var consoleSize: OCIBox?
    public var user: OCIUser
    public var args: [String]?
    public var env: [String]?
    public var cwd: String
    public var capabilities: OCICapabilities?
    public var rlimits: [OCIRlimit]?
    public var noNewPrivileges: Bool?
    public var oomScoreAdj: Int?
    public var apparmorProfile: String?
    public var selinuxLabel: String?
}

public struct OCIBox: Codable, Sendable {
    public var height: UInt
    public var width: UInt
}

public struct OCIUser: Codable, Sendable {
    public var uid: UInt32
    public var gid: UInt32
    public var umask: UInt32?
    public var additionalGids: [UInt32]?
}

public struct OCICapabilities: Codable, Sendable {
    public var bounding: [String]?
    public var effective: [String]?
    public var inheritable: [String]?
    public var permitted: [String]?
    public var ambient: [String]?
}

public struct OCIRlimit: Codable, Sendable {
    public var type: String
    public var hard: UInt64
    public var soft: UInt64
}

public struct OCIRoot: Codable, Sendable {
    public var path: String
    public var readonly: Bool?
}

public struct OCIMount: Codable, Sendable {
    public var destination: String
    public var type: String?
    public var source: String?
    public var options: [String]?
}

public struct OCIHooks: Codable, Sendable {
    public var prestart: [OCIHook]?
    public var createRuntime: [OCIHook]?
    public var createContainer: [OCIHook]?
    public var startContainer: [OCIHook]?
    public var poststart: [OCIHook]?
    public var poststop: [OCIHook]?
}

public struct OCIHook: Codable, Sendable {
    public var path: String
    public var args: [String]?
    public var env: [String]?
    public var timeout: Int?
}

public struct OCILinux: Codable, Sendable {
    public var namespaces: [OCINamespace]?
    public var uidMappings: [OCIIDMapping]?
    public var gidMappings: [OCIIDMapping]?
    public var devices: [OCIDevice]?
    public var cgroupsPath: String?
    public var resources: OCIResources?
    public var rootfsPropagation: String?
    public var seccomp: SeccompProfile?
    public var sysctl: [String: String]?
    public var maskedPaths: [String]?
    public var readonlyPaths: [String]?
    public var mountLabel: String?
}

public struct OCINamespace: Codable, Sendable {
    public var type: String
    public var path: String?
}

public struct OCIIDMapping: Codable, Sendable {
    public var containerID: UInt32
    public var hostID: UInt32
    public var size: UInt32
}

public struct OCIDevice: Codable, Sendable {
    public var type: String
    public var path: String
    public var major: Int64?
    public var minor: Int64?
    public var fileMode: UInt32?
    public var uid: UInt32?
    public var gid: UInt32?
}

public struct OCIResources: Codable, Sendable {
    public var devices: [OCIDeviceRule]?
    public var memory: OCIMemory?
    public var cpu: OCICPU?
    public var pids: OCIPids?
    /// Declared in OCISpec+Resources.swift; the cgroup files they become are in OCIResources+Files.swift.
    public var blockIO: OCIBlockIO?
    public var hugepageLimits: [OCIHugepageLimit]?
    public var network: OCINetwork?

    public init(devices: [OCIDeviceRule]? = nil, memory: OCIMemory? = nil, cpu: OCICPU? = nil, pids: OCIPids? = nil,
                blockIO: OCIBlockIO? = nil, hugepageLimits: [OCIHugepageLimit]? = nil, network: OCINetwork? = nil) {
        self.devices = devices
        self.memory = memory
        self.cpu = cpu
        self.pids = pids
        self.blockIO = blockIO
        self.hugepageLimits = hugepageLimits
        self.network = network
    }
}

public struct OCIDeviceRule: Codable, Sendable {
    public var allow: Bool
    public var type: String?
    public var major: Int64?
    public var minor: Int64?
    public var access: String?
}

public struct OCIMemory: Codable, Sendable {
    public var limit: Int64?
    public var reservation: Int64?
    public var swap: Int64?
}

public struct OCICPU: Codable, Sendable {
    public var shares: UInt64?
    public var quota: Int64?
    public var period: UInt64?
    public var cpus: String?
    public var mems: String?
}

public struct OCIPids: Codable, Sendable {
    public var limit: Int64
}
