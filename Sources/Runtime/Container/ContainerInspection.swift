import Netns

/// `inspect` output for a container, with Docker's field names and order (the fields minirun has).
public struct ContainerInspection: Encodable, Sendable {
    public struct StateInfo: Encodable, Sendable {
        public var Status: String
        public var Running: Bool
        public var Paused = false
        public var Restarting = false
        public var OOMKilled: Bool
        public var Dead = false
        public var Pid: Int32
        public var ExitCode: Int32
        public var Error = ""
        public var StartedAt: String
        public var FinishedAt: String
        /// Present when the container has a health check and has been started.
        public var Health: HealthState?
    }

    public struct RestartPolicySettings: Encodable, Sendable {
        public var Name: String
        public var MaximumRetryCount: Int
    }

    public struct HostConfigInfo: Encodable, Sendable {
        public var Binds: [String]?
        public var ContainerIDFile: String
        /// The bytes of /dev/shm (Docker's default 67108864).
        public var ShmSize: UInt64
        public var NetworkMode: String
        public var PortBindings: [String: [PortBinding]]
        public var RestartPolicy: RestartPolicySettings
        public var AutoRemove: Bool
        /// --cap-add and --cap-drop as given; left out without, as Docker's null.
        public var CapAdd: [String]?
        public var CapDrop: [String]?
        /// The container's resolv.conf options (empty lists when it takes the host's, as Docker's).
        public var Dns: [String]
        public var DnsOptions: [String]
        public var DnsSearch: [String]
        /// --add-host entries, "NAME:ADDRESS"; left out without.
        public var ExtraHosts: [String]?
        public var Privileged: Bool
        public var PublishAllPorts: Bool
        public var ReadonlyRootfs: Bool
        /// What --security-opt set that differs from the defaults ("no-new-privileges",
        /// "seccomp=unconfined"); left out without.
        public var SecurityOpt: [String]?
        /// --tmpfs mounts, target to options; left out without.
        public var Tmpfs: [String: String]?
        public var CgroupParent: String
        public var Links: [String]?
        public var Devices: [DeviceMappingInfo]
        public var DeviceCgroupRules: [String]?
        /// true with --init; left out otherwise, as Docker leaves out its unset *bool.
        public var Init: Bool?
        public var Ulimits: [UlimitInfo]
        /// Left out when there are none, as Docker's `omitempty` does.
        public var Sysctls: [String: String]?
        public var GroupAdd: [String]?
        /// --volumes-from as given; null without, as Docker's.
        public var VolumesFrom: [String]?
        /// "" (its own), "host" or "container:ID"; IpcMode is "private" for its own, as Docker's default.
        public var PidMode: String
        public var IpcMode: String
        public var UTSMode: String
        public var CgroupnsMode: String
        public var OomScoreAdj: Int
        public var LogConfig: LogConfigInfo
        /// The limits, as Docker's fields: bytes, 0 for none (MemorySwap twice Memory unless set,
        /// as Docker's daemon fills it), CPUs in billionths; PidsLimit null when not set.
        public var Memory: Int64
        public var MemorySwap: Int64
        public var MemoryReservation: Int64
        public var NanoCpus: Int64
        public var CpuPeriod: Int
        public var CpuQuota: Int
        public var CpuShares: Int
        public var PidsLimit: Int?
        public var CpusetCpus: String
        public var CpusetMems: String
        /// null unless --memory-swappiness set it, as Docker's.
        @NullIfNil public var MemorySwappiness: Int?
        public var OomKillDisable: Bool
        public var BlkioWeight: UInt16
        public var BlkioWeightDevice: [DeviceWeightInfo]
        public var BlkioDeviceReadBps: [DeviceRateInfo]
        public var BlkioDeviceWriteBps: [DeviceRateInfo]
        public var BlkioDeviceReadIOps: [DeviceRateInfo]
        public var BlkioDeviceWriteIOps: [DeviceRateInfo]
    }

    public struct DeviceWeightInfo: Encodable, Sendable {
        public var Path: String
        public var Weight: UInt16
    }

    public struct DeviceRateInfo: Encodable, Sendable {
        public var Path: String
        public var Rate: UInt64
    }

    public struct LogConfigInfo: Encodable, Sendable {
        public var `Type`: String
        public var Config: [String: String]
    }

    public struct UlimitInfo: Encodable, Sendable {
        public var Name: String
        public var Hard: Int64
        public var Soft: Int64
    }

    public struct DeviceMappingInfo: Encodable, Sendable {
        public var PathOnHost: String
        public var PathInContainer: String
        public var CgroupPermissions: String
    }

    public struct PortBinding: Encodable, Sendable {
        public var HostIp: String
        public var HostPort: String
    }

    /// A volume or bind mount, as Docker lists them in Mounts.
    public struct MountInfo: Encodable, Sendable {
        public var `Type`: String
        public var Name: String?
        public var Source: String
        public var Destination: String
        public var Driver: String?
        public var Mode: String
        public var RW: Bool
        public var Propagation: String
    }

    public struct ConfigInfo: Encodable, Sendable {
        public var Hostname: String
        public var Domainname: String
        public var User: String
        public var AttachStdin: Bool
        public var AttachStdout: Bool
        public var AttachStderr: Bool
        public var ExposedPorts: [String: [String: String]]?
        public var Tty: Bool
        public var OpenStdin: Bool
        public var StdinOnce: Bool
        /// The image's ENV with -e on top, as Docker records them; what a start adds (PATH when
        /// unset, HOSTNAME, HOME, TERM) is not here, as in Docker.
        @NullIfNil public var Env: [String]?
        @NullIfNil public var Cmd: [String]?
        public var Healthcheck: HealthCheckConfig?
        public var Image: String
        @NullIfNil public var Volumes: [String: [String: String]]?
        public var WorkingDir: String
        @NullIfNil public var Entrypoint: [String]?
        public var Labels: [String: String]
        public var StopSignal: String?
        /// --stop-timeout's seconds; left out when not given, as Docker leaves out its unset *int.
        public var StopTimeout: Int?
    }

    public struct Endpoint: Encodable, Sendable {
        public var NetworkID: String
        public var EndpointID: String
        public var Gateway: String
        public var IPAddress: String
        public var IPPrefixLen: Int
        public var MacAddress: String
    }

    public struct NetworkSettingsInfo: Encodable, Sendable {
        /// The running container's network namespace, a path `nsenter --net=` takes (Docker's is a
        /// bind mount of it under /var/run/docker/netns); "" when it does not run.
        public var SandboxKey: String
        public var Ports: [String: [PortBinding]?]
        public var Gateway: String
        public var IPAddress: String
        public var IPPrefixLen: Int
        public var MacAddress: String
        public var Networks: [String: Endpoint]
    }

    public var Id: String
    public var Created: String
    public var Path: String
    public var Args: [String]
    public var State: StateInfo
    public var Image: String
    public var ResolvConfPath: String
    public var HostnamePath: String
    public var HostsPath: String
    public var LogPath: String
    public var Name: String
    public var RestartCount: Int
    public var Driver = "overlay"
    /// The container's OS, as Docker's daemon names it.
    public var Platform = "linux"
    public var HostConfig: HostConfigInfo
    public var Mounts: [MountInfo]
    public var Config: ConfigInfo
    public var NetworkSettings: NetworkSettingsInfo

    /// `volumesDirectory` is where named and anonymous volumes are kept (volumes/NAME/_data).
    public init(_ record: ContainerRecord, directory: String, networkIDs: [String: String], volumesDirectory: String,
                health: HealthState? = nil) {
        let config = record.config, state = record.state
        let running = state.status == .running
        Id = record.id
        Created = config.created.description
        Path = config.command.first ?? ""
        Args = Array(config.command.dropFirst())
        State = StateInfo(
            Status: state.shownStatus, Running: running, Paused: state.paused, OOMKilled: state.oomKilled,
            Pid: running ? state.process?.pid ?? 0 : 0, ExitCode: state.exitCode,
            StartedAt: state.startedAt.description, FinishedAt: state.finishedAt.description, Health: health)
        Image = "sha256:" + config.imageID
        ResolvConfPath = directory + "/resolv.conf"
        HostnamePath = directory + "/hostname"
        HostsPath = directory + "/hosts"
        LogPath = directory + "/container.log"
        Name = "/" + config.name
        RestartCount = state.restartCount
        let bindings = Self.bindings(config.ports)
        let binds = config.volumes.filter { !$0.anonymous }.map { "\($0.source):\($0.target)\($0.readOnly ? ":ro" : "")" }
        let blockIO = config.resources.blockIO ?? BlockIOLimits()
        let rates = { (devices: [BlockIOLimits.DeviceValue]) in devices.map { DeviceRateInfo(Path: $0.path, Rate: $0.value) } }
        HostConfig = HostConfigInfo(
            Binds: binds.isEmpty ? nil : binds, ContainerIDFile: config.idFile ?? "",
            ShmSize: config.shmSize ?? MountPlan.defaultShmSize, NetworkMode: config.network.description, PortBindings: bindings,
            RestartPolicy: .init(Name: config.restartPolicy.name.rawValue, MaximumRetryCount: config.restartPolicy.maximumRetryCount),
            AutoRemove: config.autoRemove,
            CapAdd: config.security.capAdd.isEmpty ? nil : config.security.capAdd,
            CapDrop: config.security.capDrop.isEmpty ? nil : config.security.capDrop,
            Dns: config.dns, DnsOptions: config.dnsOptions, DnsSearch: config.dnsSearch,
            ExtraHosts: config.extraHosts.isEmpty ? nil : config.extraHosts.map { "\($0.name):\($0.address)" },
            Privileged: config.security.privileged, PublishAllPorts: config.publishAll, ReadonlyRootfs: config.readOnlyRoot,
            SecurityOpt: Self.securityOptions(config.security),
            Tmpfs: config.tmpfs.isEmpty ? nil : Dictionary(config.tmpfs.map { ($0.target, $0.options) }) { _, last in last },
            CgroupParent: config.cgroupParent ?? "",
            Links: config.links.isEmpty ? nil : config.links.map { "/\($0.name):/\(config.name)/\($0.alias)" },
            Devices: config.devices.map {
                DeviceMappingInfo(PathOnHost: $0.pathOnHost, PathInContainer: $0.pathInContainer, CgroupPermissions: $0.permissions)
            },
            DeviceCgroupRules: config.deviceCgroupRules.isEmpty ? nil : config.deviceCgroupRules.map(\.description),
            Init: config.initProcess ? true : nil,
            Ulimits: config.ulimits.map { UlimitInfo(Name: $0.name, Hard: $0.hard, Soft: $0.soft) },
            Sysctls: config.sysctls.isEmpty ? nil : config.sysctls, GroupAdd: config.groupAdd.isEmpty ? nil : config.groupAdd,
            VolumesFrom: config.volumesFrom.isEmpty ? nil : config.volumesFrom,
            PidMode: config.pidMode.description, IpcMode: config.ipcMode.description.isEmpty ? "private" : config.ipcMode.description,
            UTSMode: config.utsMode.description, CgroupnsMode: config.cgroupnsMode.isHost ? "host" : "private",
            OomScoreAdj: config.oomScoreAdj ?? 0, LogConfig: LogConfigInfo(Type: config.logConfig.driver, Config: config.logConfig.options),
            Memory: config.resources.memory ?? 0, MemorySwap: config.resources.memoryAndSwapLimit ?? 0,
            MemoryReservation: config.resources.memoryReservation ?? 0,
            NanoCpus: Int64(((config.resources.cpus ?? 0) * 1e9).rounded()),
            CpuPeriod: config.resources.cpuPeriod ?? 0, CpuQuota: config.resources.cpuQuota ?? 0, CpuShares: config.resources.cpuShares ?? 0,
            PidsLimit: config.resources.pidsLimit,
            CpusetCpus: config.resources.cpusetCpus ?? "", CpusetMems: config.resources.cpusetMems ?? "",
            MemorySwappiness: config.resources.memorySwappiness, OomKillDisable: config.resources.oomKillDisable ?? false,
            BlkioWeight: blockIO.weight ?? 0, BlkioWeightDevice: blockIO.weightDevices.map { DeviceWeightInfo(Path: $0.path, Weight: UInt16($0.value)) },
            BlkioDeviceReadBps: rates(blockIO.readBps), BlkioDeviceWriteBps: rates(blockIO.writeBps),
            BlkioDeviceReadIOps: rates(blockIO.readIOps), BlkioDeviceWriteIOps: rates(blockIO.writeIOps))
        Mounts = config.volumes.map { volume in
            volume.isNamedVolume
                ? MountInfo(Type: "volume", Name: volume.source, Source: volumesDirectory + "/" + volume.source + "/_data",
                            Destination: volume.target, Driver: "local", Mode: volume.anonymous ? "" : volume.readOnly ? "ro" : "z",
                            RW: !volume.readOnly, Propagation: "")
                : MountInfo(Type: "bind", Source: volume.source, Destination: volume.target, Mode: volume.readOnly ? "ro" : "",
                            RW: !volume.readOnly, Propagation: "rprivate")
        }
        let cmd = Array(config.command.dropFirst(config.entrypoint.count))
        let anonymous = config.volumes.filter(\.anonymous).map(\.target)
        self.Config = ConfigInfo(
            Hostname: config.hostname, Domainname: config.domainname ?? "", User: config.user, AttachStdin: config.streams.stdin,
            AttachStdout: config.streams.stdout, AttachStderr: config.streams.stderr,
            ExposedPorts: config.exposedPorts.isEmpty ? nil : Dictionary(uniqueKeysWithValues: config.exposedPorts.map { ($0, [:]) }),
            // Docker closes a container's stdin when the attached run that gave it ends (-i without -d).
            Tty: config.tty, OpenStdin: config.interactive, StdinOnce: config.interactive && config.streams.stdin,
            Env: config.env.isEmpty ? nil : config.env, Cmd: cmd.isEmpty ? nil : cmd,
            Healthcheck: config.healthcheck, Image: config.image,
            Volumes: anonymous.isEmpty ? nil : Dictionary(uniqueKeysWithValues: anonymous.map { ($0, [:]) }),
            WorkingDir: config.workingDir, Entrypoint: config.entrypoint.isEmpty ? nil : config.entrypoint,
            Labels: config.labels, StopSignal: config.stopSignal, StopTimeout: config.stopTimeout)
        var endpoints: [String: Endpoint] = [:]
        for (name, interface) in state.interfaces {
            endpoints[name] = Endpoint(
                NetworkID: networkIDs[name] ?? "", EndpointID: interface.hostVeth, Gateway: interface.gateway.description,
                IPAddress: interface.address.description, IPPrefixLen: interface.subnet.prefixLength,
                MacAddress: interface.macAddress.description)
        }
        // As Docker: the networks a container is on are listed when it does not run too (without an
        // address), and host or none as their predefined network.
        func unattached(_ networkID: String) -> Endpoint {
            Endpoint(NetworkID: networkID, EndpointID: "", Gateway: "", IPAddress: "", IPPrefixLen: 0, MacAddress: "")
        }
        if case .network = config.network {
            for name in config.networks where endpoints[name] == nil {
                endpoints[name] = unattached(networkIDs[name] ?? "")
            }
        } else if let predefined = PredefinedNetwork.of(config.network) {
            endpoints[predefined.name] = unattached(predefined.id)
        }
        // Docker fills the top-level fields from the default bridge only; minirun uses the primary network.
        let primary = config.networks.first.flatMap { endpoints[$0] }
        var ports: [String: [PortBinding]?] = [:]
        if running {
            for exposed in config.exposedPorts { ports[exposed] = .some(nil) }
            for (key, value) in Self.bindings(state.ports) { ports[key] = value }
        }
        NetworkSettings = NetworkSettingsInfo(
            SandboxKey: running ? state.process.map { "/proc/\($0.pid)/ns/net" } ?? "" : "",
            Ports: ports, Gateway: primary?.Gateway ?? "", IPAddress: primary?.IPAddress ?? "",
            IPPrefixLen: primary?.IPPrefixLen ?? 0, MacAddress: primary?.MacAddress ?? "", Networks: endpoints)
    }

    /// HostConfig.SecurityOpt: the --security-opt values that changed a default, as Docker keeps them
    /// (a seccomp profile read from a file is not repeated: Docker keeps its whole JSON there).
    static func securityOptions(_ security: SecurityOptions) -> [String]? {
        var options: [String] = []
        if security.noNewPrivileges { options.append("no-new-privileges") }
        if security.seccomp == .unconfined { options.append("seccomp=unconfined") }
        return options.isEmpty ? nil : options
    }

    /// "80/tcp" -> [{HostIp, HostPort}], as Docker groups published ports.
    static func bindings(_ ports: [PublishedPort]) -> [String: [PortBinding]] {
        var result: [String: [PortBinding]] = [:]
        for port in ports {
            result[port.exposedPort, default: []].append(
                PortBinding(HostIp: port.hostIP?.description ?? "", HostPort: port.hostPort == 0 ? "" : String(port.hostPort)))
        }
        return result
    }
}
