import JSONCodec
import Runtime

extension ComposeProject {
    /// `compose config`: the project as loaded, in YAML, keys sorted (so that the same project always
    /// reads the same), written by minirun-yaml (`yaml`, the program's path).
    public func yaml(program yaml: String = Executables.besideThisProgram().yaml) throws -> String {
        let json: [UInt8]
        do {
            json = try GoJSON.bytes(JSONValue(encoding: self))
        } catch {
            throw RuntimeError(.system, "write the project as JSON", cause: error)
        }
        let result = try runHelperProgram(yaml, ["emit"], input: json)
        guard result.status == 0 else {
            throw RuntimeError(.system, "write the project as YAML: " + (result.error.isEmpty ? "\(yaml) failed with status \(result.status)" : result.error))
        }
        return String(decoding: result.output, as: UTF8.self)
    }
}

extension ComposeService {
    /// The `com.docker.compose.config-hash` label: the SHA-256 of the service as loaded (its JSON,
    /// keys sorted), with what does not change its containers (the number of them, when the image
    /// is pulled) left out. `up` recreates a container whose label differs.
    public func configHash() throws -> String {
        var hashed = self
        hashed.replicas = 1
        hashed.pullPolicy = nil
        do {
            return ContentHash.sha256(try GoJSON.bytes(JSONValue(encoding: hashed)))
        } catch {
            throw RuntimeError(.system, "write service \(name) as JSON", cause: error)
        }
    }
}

/// `compose config` prints what the files say, as docker compose does: no key whose value is
/// empty (`environment: {}`, `ports: []`), no null and no default (`privileged: false`, one
/// replica); a network a service joins without options is `default: null`, Compose's form.
/// The config hash is taken from the same text, so a default written out or left out in the files
/// hashes the same.
private struct ConfigKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }

    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { return nil }
}

private extension KeyedEncodingContainer<ConfigKey> {
    mutating func put<Value: Encodable>(_ key: String, _ value: Value?) throws {
        try encodeIfPresent(value, forKey: ConfigKey(key))
    }

    mutating func put<Element: Encodable>(_ key: String, _ values: [Element]) throws {
        if !values.isEmpty { try encode(values, forKey: ConfigKey(key)) }
    }

    mutating func put<Value: Encodable>(_ key: String, _ values: [String: Value]) throws {
        if !values.isEmpty { try encode(values, forKey: ConfigKey(key)) }
    }

    /// A flag whose default is false, written only when set.
    mutating func put(_ key: String, _ flag: Bool) throws {
        if flag { try encode(true, forKey: ConfigKey(key)) }
    }
}

extension ComposeProject {
    public func encode(to encoder: any Encoder) throws {
        var keys = encoder.container(keyedBy: ConfigKey.self)
        try keys.put("name", name)
        try keys.put("services", services)
        // The default network is there for the services that join it: without one, Compose leaves it out.
        let joined = Set(services.values.flatMap { $0.networks.map { Array($0.keys) } ?? [] })
        try keys.put("networks", networks.filter { $0.key != "default" || joined.contains("default") })
        try keys.put("volumes", volumes)
    }
}

extension ComposeService {
    public func encode(to encoder: any Encoder) throws {
        var keys = encoder.container(keyedBy: ConfigKey.self)
        try keys.put("image", image)
        try keys.put("build", build)
        try keys.put("command", command)
        try keys.put("entrypoint", entrypoint)
        try keys.put("environment", environment)
        try keys.put("ports", ports)
        try keys.put("expose", expose)
        // An entry without aliases or address is null, as Compose writes it.
        try keys.put("networks", networks.flatMap { $0.isEmpty ? nil : $0.mapValues { $0 == ServiceNetwork() ? nil : $0 } })
        try keys.put("network_mode", networkMode)
        try keys.put("links", links)
        try keys.put("depends_on", dependsOn)
        try keys.put("container_name", containerName)
        try keys.put("volumes", volumes)
        try keys.put("restart", restart)
        try keys.put("healthcheck", healthcheck)
        try keys.put("working_dir", workingDir)
        try keys.put("user", user)
        try keys.put("hostname", hostname)
        try keys.put("labels", labels)
        try keys.put("cap_add", capAdd)
        try keys.put("cap_drop", capDrop)
        try keys.put("privileged", privileged)
        try keys.put("read_only", readOnly)
        try keys.put("tmpfs", tmpfs)
        try keys.put("mem_limit", memLimit)
        try keys.put("memswap_limit", memswapLimit)
        try keys.put("mem_reservation", memReservation)
        try keys.put("cpuset", cpuset)
        try keys.put("cpu_shares", cpuShares)
        try keys.put("pull_policy", pullPolicy?.rawValue)
        try keys.put("platform", platform?.description)
        try keys.put("mac_address", macAddress?.description)
        try keys.put("domainname", domainname)
        try keys.put("cpu_period", cpuPeriod)
        try keys.put("cpu_quota", cpuQuota)
        try keys.put("cgroup_parent", cgroupParent)
        try keys.put("device_cgroup_rules", deviceCgroupRules)
        try keys.put("cpus", cpus)
        try keys.put("pids_limit", pidsLimit)
        try keys.put("stop_signal", stopSignal)
        try keys.put("stop_grace_period", stopGracePeriod.map { "\($0)s" })
        try keys.put("init", initProcess)
        try keys.put("profiles", profiles)
        try keys.put("dns", dns)
        try keys.put("dns_search", dnsSearch)
        try keys.put("dns_opt", dnsOptions)
        try keys.put("extra_hosts", extraHosts)
        try keys.put("ulimits", ulimits)
        try keys.put("sysctls", sysctls)
        try keys.put("group_add", groupAdd)
        // As Compose writes it: the bytes, as a string.
        try keys.put("shm_size", shmSize.flatMap { try? ResourceLimits.parseBytes($0) }.map(String.init))
        try keys.put("tty", tty)
        try keys.put("stdin_open", stdinOpen)
        try keys.put("security_opt", securityOptions)
        try keys.put("volumes_from", volumesFrom)
        try keys.put("pid", pid)
        try keys.put("ipc", ipc)
        try keys.put("uts", uts)
        try keys.put("cgroup", cgroup)
        try keys.put("logging", logging.map { LoggingOutput(driver: $0.driver, options: $0.options.isEmpty ? nil : $0.options) })
        try keys.put("oom_score_adj", oomScoreAdj)
        try keys.put("mem_swappiness", memSwappiness)
        if oomKillDisable { try keys.put("oom_kill_disable", true) }
        try keys.put("devices", devices.map { ["source": $0.pathOnHost, "target": $0.pathInContainer, "permissions": $0.permissions] })
        if replicas != 1 { try keys.put("deploy", ["replicas": replicas]) }
    }
}

extension BuildSpec {
    public func encode(to encoder: any Encoder) throws {
        var keys = encoder.container(keyedBy: ConfigKey.self)
        try keys.put("context", context)
        try keys.put("dockerfile", dockerfile)
        try keys.put("args", args)
        try keys.put("target", target)
        try keys.put("labels", labels)
        try keys.put("tags", tags)
        try keys.put("no_cache", noCache)
        try keys.put("network", network)
    }
}

extension ServiceNetwork {
    public func encode(to encoder: any Encoder) throws {
        var keys = encoder.container(keyedBy: ConfigKey.self)
        try keys.put("aliases", aliases)
        try keys.put("ipv4_address", ipv4Address)
        try keys.put("priority", priority)
    }
}

extension VolumeSpec {
    public func encode(to encoder: any Encoder) throws {
        var keys = encoder.container(keyedBy: ConfigKey.self)
        try keys.put("type", type)
        try keys.put("source", source)
        try keys.put("target", target)
        try keys.put("read_only", readOnly)
        if createHostPath || propagation != nil || selinux != nil {
            try keys.put("bind", BindOutput(propagation: propagation, create_host_path: createHostPath ? true : nil, selinux: selinux))
        }
        if noCopy { try keys.put("volume", ["nocopy": true]) }
        if tmpfsSize != nil || tmpfsMode != nil { try keys.put("tmpfs", ["size": tmpfsSize, "mode": tmpfsMode].compactMapValues { $0 }) }
    }
}

/// A bind's options as compose config writes them.
private struct BindOutput: Encodable {
    var propagation: String?
    var create_host_path: Bool?
    var selinux: String?
}

extension HealthcheckSpec {
    public func encode(to encoder: any Encoder) throws {
        var keys = encoder.container(keyedBy: ConfigKey.self)
        try keys.put("test", test)
        try keys.put("interval", interval)
        try keys.put("timeout", timeout)
        try keys.put("retries", retries)
        try keys.put("start_period", startPeriod)
        try keys.put("start_interval", startInterval)
        try keys.put("disable", disable)
    }
}

extension ComposeNetwork {
    /// The IPAM settings as the files give them: `ipam: config: [{subnet, gateway, ip_range, aux_addresses}]`.
    public func encode(to encoder: any Encoder) throws {
        var keys = encoder.container(keyedBy: ConfigKey.self)
        try keys.put("name", name)
        try keys.put("external", external)
        try keys.put("internal", isInternal)
        try keys.put("attachable", isAttachable)
        let pooled = subnet != nil || gateway != nil || ipRange != nil || !auxiliaryAddresses.isEmpty
        if pooled || !ipamOptions.isEmpty {
            let pool = IPAMPool(subnet: subnet, gateway: gateway, ip_range: ipRange,
                                aux_addresses: auxiliaryAddresses.isEmpty ? nil : auxiliaryAddresses)
            try keys.put("ipam", IPAMOutput(config: pooled ? [pool] : nil, options: ipamOptions.isEmpty ? nil : ipamOptions))
        }
        try keys.put("labels", labels)
        try keys.put("driver_opts", driverOptions)
    }
}

/// A network's `ipam`: its pool and its options.
private struct IPAMOutput: Encodable {
    var config: [IPAMPool]?
    var options: [String: String]?
}

/// One `ipam.config` entry, with compose's key names.
private struct IPAMPool: Encodable {
    var subnet, gateway, ip_range: String?
    var aux_addresses: [String: String]?
}

extension ComposeVolume {
    public func encode(to encoder: any Encoder) throws {
        var keys = encoder.container(keyedBy: ConfigKey.self)
        try keys.put("name", name)
        try keys.put("external", external)
        try keys.put("labels", labels)
        try keys.put("driver_opts", driverOptions)
    }
}

/// `logging` as docker compose config writes it: the driver, and the options when there are some.
private struct LoggingOutput: Encodable {
    var driver: String
    var options: [String: String]?
}
