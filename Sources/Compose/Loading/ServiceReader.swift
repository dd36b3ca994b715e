import Runtime

/// Reads one service's mapping into a ComposeService, every short syntax in its long form.
struct ServiceReader {
    /// The project directory, for relative paths (build context, bind sources, env_file).
    var directory: String
    /// The shell's variables (and .env's), for `environment` names given without a value.
    var lookup: (String) -> String?

    func read(_ name: String, _ node: ComposeNode) throws -> ComposeService {
        let path = "services." + name
        guard node.entries != nil else { throw node.fail(path, "must be a mapping") }
        var service = ComposeService(name: name)
        func field<T>(_ key: String, _ read: (ComposeNode, String) throws -> T) throws -> T? {
            try node[key].map { try read($0, path + "." + key) }
        }
        /// A string field read by one of `run`'s parsers, whose refusal is said at the field's path.
        func parsedField<T>(_ key: String, _ parse: (String) throws -> T) throws -> T? {
            try field(key) { node, path in
                let text = try node.string(path)
                do { return try parse(text) } catch let error as RuntimeError { throw node.fail(path, error.message) }
            }
        }
        service.image = try field("image") { try $0.string($1) }
        service.build = try field("build", readBuild)
        service.command = try field("command") { try $0.words($1) }
        service.entrypoint = try field("entrypoint") { try $0.words($1) }
        service.environment = try readEnvironment(node, path: path)
        service.ports = try field("ports") { node, path in
            try (node.items ?? []).enumerated().flatMap { try PortReader.read($1, path: "\(path)[\($0)]") }
        } ?? []
        service.expose = try field("expose") { try $0.strings($1) } ?? []
        service.networkMode = try field("network_mode") { try $0.string($1) }
        service.networks = try field("networks", readNetworks) ?? (service.networkMode == nil ? ["default": ServiceNetwork()] : nil)
        if service.networkMode != nil && node["networks"] != nil {
            throw node.fail(path, "network_mode and networks cannot be combined")
        }
        service.links = try field("links") { try $0.strings($1) } ?? []
        service.dependsOn = try field("depends_on", readDependencies) ?? [:]
        service.containerName = try field("container_name") { try $0.string($1) }
        service.volumes = try field("volumes") { node, path in
            try (node.items ?? []).enumerated().map { try VolumeReader(directory: directory).read($1, path: "\(path)[\($0)]") }
        } ?? []
        service.restart = try field("restart") { try $0.string($1) }
        service.healthcheck = try field("healthcheck", readHealthcheck)
        service.workingDir = try field("working_dir") { try $0.string($1) }
        service.user = try field("user") { try $0.string($1) }
        service.hostname = try field("hostname") { try $0.string($1) }
        service.domainname = try field("domainname") { try $0.string($1) }
        service.labels = try field("labels") { try $0.stringMap($1) } ?? [:]
        service.capAdd = try field("cap_add") { try $0.strings($1) } ?? []
        service.capDrop = try field("cap_drop") { try $0.strings($1) } ?? []
        service.privileged = try field("privileged") { try $0.bool($1) } ?? false
        service.readOnly = try field("read_only") { try $0.bool($1) } ?? false
        service.tmpfs = try field("tmpfs") { try $0.strings($1) } ?? []
        service.memLimit = try field("mem_limit") { try $0.string($1) }
        service.memswapLimit = try field("memswap_limit") { try $0.string($1) }
        service.memReservation = try field("mem_reservation") { try $0.string($1) }
        service.cpuset = try field("cpuset") { try $0.string($1) }
        service.cpuShares = try field("cpu_shares") { try $0.int($1) }
        service.cpuPeriod = try field("cpu_period") { try $0.int($1) }
        service.cpuQuota = try field("cpu_quota") { try $0.int($1) }
        service.cgroupParent = try field("cgroup_parent") { try $0.string($1) }
        service.deviceCgroupRules = try field("device_cgroup_rules") { try $0.strings($1) } ?? []
        service.cpus = try field("cpus") { try $0.string($1) }
        service.pidsLimit = try field("pids_limit") { try $0.int($1) }
        service.stopSignal = try field("stop_signal") { try $0.string($1) }
        service.stopGracePeriod = try field("stop_grace_period") { try $0.seconds($1) }
        service.initProcess = try field("init") { try $0.bool($1) }
        service.profiles = try field("profiles") { try $0.strings($1) } ?? []
        service.dns = try field("dns") { try $0.strings($1) } ?? []
        service.dnsSearch = try field("dns_search") { try $0.strings($1) } ?? []
        service.dnsOptions = try field("dns_opt") { try $0.strings($1) } ?? []
        service.ulimits = try field("ulimits", readUlimits) ?? [:]
        service.sysctls = try field("sysctls") { node, path in
            let sysctls = try node.stringMap(path)
            do { _ = try Sysctls.parse(sysctls.map { "\($0.key)=\($0.value)" }) } catch let error as RuntimeError { throw node.fail(path, error.message) }
            return sysctls
        } ?? [:]
        service.groupAdd = try field("group_add") { try $0.strings($1) } ?? []
        service.shmSize = try field("shm_size") { try $0.string($1) }
        service.tty = try field("tty") { try $0.bool($1) } ?? false
        service.stdinOpen = try field("stdin_open") { try $0.bool($1) } ?? false
        service.securityOptions = try field("security_opt") { try $0.strings($1) } ?? []
        service.devices = try field("devices", readDevices) ?? []
        func namespaceMode(_ key: String, _ kind: NamespaceMode.Kind) throws -> NamespaceMode? {
            try parsedField(key) { try NamespaceMode(parsing: $0, kind: kind) }
        }
        service.volumesFrom = try field("volumes_from") { try $0.strings($1) } ?? []
        service.pid = try namespaceMode("pid", .pid)
        service.ipc = try namespaceMode("ipc", .ipc)
        service.uts = try namespaceMode("uts", .uts)
        service.cgroup = try namespaceMode("cgroup", .cgroup)
        service.logging = try field("logging") { node, path in
            let driver = try node["driver"].map { try $0.string(path + ".driver") } ?? "json-file"
            let options = try node["options"]?.stringMap(path + ".options") ?? [:]
            do { return try LogConfig(checking: driver, options: options) } catch let error as RuntimeError { throw node.fail(path, error.message) }
        }
        service.oomScoreAdj = try field("oom_score_adj") { node, path in
            let score = try node.int(path)
            do { try CreateOptions.checkOOMScoreAdj(score) } catch let error as RuntimeError { throw node.fail(path, error.message) }
            return score
        }
        service.memSwappiness = try field("mem_swappiness") { node, path in
            do { return try ResourceLimits.memorySwappiness(parsing: String(try node.int(path))) } catch let error as RuntimeError { throw node.fail(path, error.message) }
        } ?? nil
        service.oomKillDisable = try field("oom_kill_disable") { try $0.bool($1) } ?? false
        service.extraHosts = try field("extra_hosts") { node, path in
            try node.keyValues(path).map { entry in entry.value.map { "\(entry.key):\($0)" } ?? entry.key }
        } ?? []
        service.pullPolicy = try parsedField("pull_policy", ComposePullPolicy.init(parsing:))
        service.platform = try parsedField("platform", OCIDescriptor.Platform.init(parsing:))
        service.macAddress = try parsedField("mac_address", CreateOptions.requestedMACAddress(parsing:))
        try readDeploy(node["deploy"], path + ".deploy", into: &service)
        if service.image == nil && service.build == nil {
            throw node.fail(path, "has neither an image nor a build context")
        }
        return service
    }

    /// `deploy`'s parts that Compose carries out without a swarm: replicas, resources.limits (cpus,
    /// memory, pids), resources.reservations.memory and restart_policy (its condition and
    /// max_attempts, over `restart`). A limit also given by the service's own key must say the same.
    private func readDeploy(_ node: ComposeNode?, _ path: String, into service: inout ComposeService) throws {
        guard let node else { return }
        service.replicas = try node["replicas"].map { try $0.int(path + ".replicas") } ?? 1
        func agreeing<T: Equatable>(_ own: T?, _ deployed: T?, _ key: String, _ at: String) throws -> T? {
            guard let deployed else { return own }
            if let own, own != deployed { throw node.fail(at, "\"\(key)\" and \"\(at)\" must be the same") }
            return deployed
        }
        let resources = path + ".resources"
        if let limits = node["resources"]?["limits"] {
            let at = resources + ".limits"
            service.cpus = try agreeing(service.cpus, try limits["cpus"]?.string(at + ".cpus"), "cpus", at + ".cpus")
            service.memLimit = try agreeing(service.memLimit, try limits["memory"]?.string(at + ".memory"), "mem_limit", at + ".memory")
            service.pidsLimit = try agreeing(service.pidsLimit, try limits["pids"]?.int(at + ".pids"), "pids_limit", at + ".pids")
        }
        let reserved = resources + ".reservations.memory"
        service.memReservation = try agreeing(
            service.memReservation, try node["resources"]?["reservations"]?["memory"]?.string(reserved), "mem_reservation", reserved)
        if let policy = node["restart_policy"] {
            let at = path + ".restart_policy"
            let attempts = try policy["max_attempts"]?.int(at + ".max_attempts")
            switch try policy["condition"]?.string(at + ".condition") ?? "any" {
            case "none": service.restart = "no"
            case "on-failure": service.restart = "on-failure" + (attempts.map { ":\($0)" } ?? "")
            case "any": service.restart = "always"
            case let condition: throw node.fail(at + ".condition", "\"\(condition)\" is none of none, on-failure, any")
            }
        }
    }

    private func readBuild(_ node: ComposeNode, _ path: String) throws -> BuildSpec {
        if let context = node.text { return BuildSpec(context: absolute(context)) }
        var build = BuildSpec(context: absolute(try node["context"]?.string(path + ".context") ?? "."))
        build.dockerfile = try node["dockerfile"]?.string(path + ".dockerfile") ?? "Dockerfile"
        build.args = try node["args"].map { args in
            try args.keyValues(path + ".args").reduce(into: [:]) { $0[$1.key] = $1.value ?? lookup($1.key) ?? "" }
        } ?? [:]
        build.target = try node["target"]?.string(path + ".target")
        build.labels = try node["labels"]?.stringMap(path + ".labels") ?? [:]
        build.tags = try node["tags"]?.strings(path + ".tags") ?? []
        build.noCache = try node["no_cache"]?.bool(path + ".no_cache") ?? false
        build.network = try node["network"]?.string(path + ".network")
        if let network = build.network, !["default", "bridge", "host", "none"].contains(network) {
            throw node.fail(path + ".network", "a build's RUN steps take bridge, host or none, not \"\(network)\"")
        }
        return build
    }

    /// env_file's variables, then `environment`'s over them; a name without a value takes the shell's.
    private func readEnvironment(_ node: ComposeNode, path: String) throws -> [String: String] {
        var environment: [String: String] = [:]
        for file in try node["env_file"]?.strings(path + ".env_file") ?? [] {
            let filePath = absolute(file)
            guard let text = try FileSystem.readString(filePath) else {
                throw node.fail(path + ".env_file", "env file \(filePath) not found")
            }
            for (key, value) in try DotEnv.parse(text, file: filePath) { environment[key] = value }
        }
        for (key, value) in try node["environment"]?.keyValues(path + ".environment") ?? [] {
            environment[key] = value ?? lookup(key)
        }
        return environment
    }

    /// `NAME: N` or `NAME: {soft: N, hard: M}`, both limits required in the long form, as Compose's schema.
    private func readUlimits(_ node: ComposeNode, _ path: String) throws -> [String: ComposeUlimit] {
        guard let entries = node.entries else { throw node.fail(path, "must be a mapping") }
        var limits: [String: ComposeUlimit] = [:]
        for (name, value, _) in entries {
            let at = "\(path).\(name)"
            let limit: ComposeUlimit
            if value.entries != nil {
                guard let soft = value["soft"], let hard = value["hard"] else { throw value.fail(at, "soft and hard are both required") }
                limit = ComposeUlimit(soft: try soft.int(at + ".soft"), hard: try hard.int(at + ".hard"))
            } else {
                let number = try value.int(at)
                limit = ComposeUlimit(soft: number, hard: number, single: true)
            }
            do { _ = try Ulimit(parsing: "\(name)=\(limit.soft):\(limit.hard)") } catch let error as RuntimeError { throw value.fail(at, error.message) }
            limits[name] = limit
        }
        return limits
    }

    /// Each `HOST[:CONTAINER[:PERMISSIONS]]`, or `{source, target, permissions}`.
    private func readDevices(_ node: ComposeNode, _ path: String) throws -> [DeviceMapping] {
        guard let items = node.items else { throw node.fail(path, "must be a list") }
        return try items.enumerated().map { index, item in
            let at = "\(path)[\(index)]"
            if item.entries != nil {
                guard let source = try item["source"]?.string(at + ".source") else { throw item.fail(at, "source is required") }
                let target = try item["target"]?.string(at + ".target") ?? source
                return try DeviceMapping(parsing: "\(source):\(target):\(try item["permissions"]?.string(at + ".permissions") ?? "rwm")")
            }
            do { return try DeviceMapping(parsing: try item.string(at)) } catch let error as RuntimeError { throw item.fail(at, error.message) }
        }
    }

    private func readNetworks(_ node: ComposeNode, _ path: String) throws -> [String: ServiceNetwork] {
        if node.items != nil { return Dictionary(try node.strings(path).map { ($0, ServiceNetwork()) }) { first, _ in first } }
        guard let entries = node.entries else { throw node.fail(path, "must be a list or a mapping") }
        var networks: [String: ServiceNetwork] = [:]
        for (key, value, _) in entries {
            var network = ServiceNetwork()
            network.aliases = try value["aliases"]?.strings("\(path).\(key).aliases") ?? []
            network.ipv4Address = try value["ipv4_address"]?.string("\(path).\(key).ipv4_address")
            network.priority = try value["priority"]?.int("\(path).\(key).priority")
            networks[key] = network
        }
        return networks
    }

    private func readDependencies(_ node: ComposeNode, _ path: String) throws -> [String: Dependency] {
        if node.items != nil { return Dictionary(try node.strings(path).map { ($0, Dependency()) }) { first, _ in first } }
        guard let entries = node.entries else { throw node.fail(path, "must be a list or a mapping") }
        var dependencies: [String: Dependency] = [:]
        for (key, value, _) in entries {
            var dependency = Dependency()
            if let condition = value["condition"] {
                let text = try condition.string("\(path).\(key).condition")
                guard let parsed = Dependency.Condition(rawValue: text) else {
                    throw condition.fail("\(path).\(key).condition",
                                         "\"\(text)\" is none of service_started, service_healthy, service_completed_successfully")
                }
                dependency.condition = parsed
            }
            dependency.required = try value["required"]?.bool("\(path).\(key).required") ?? true
            if try value["restart"]?.bool("\(path).\(key).restart") == true { dependency.restart = true }
            dependencies[key] = dependency
        }
        return dependencies
    }

    private func readHealthcheck(_ node: ComposeNode, _ path: String) throws -> HealthcheckSpec {
        var check = HealthcheckSpec()
        if let test = node["test"] {
            check.test = test.items != nil ? try test.strings(path + ".test") : ["CMD-SHELL", try test.string(path + ".test")]
        }
        check.interval = try node["interval"]?.string(path + ".interval")
        check.timeout = try node["timeout"]?.string(path + ".timeout")
        check.retries = try node["retries"]?.int(path + ".retries")
        check.startPeriod = try node["start_period"]?.string(path + ".start_period")
        check.startInterval = try node["start_interval"]?.string(path + ".start_interval")
        check.disable = try node["disable"]?.bool(path + ".disable") ?? false
        return check
    }

    func absolute(_ path: String) -> String {
        ProjectPaths.absolute(path, in: directory)
    }
}

enum ProjectPaths {
    /// `path` made absolute against `directory` ("~" is the home directory), "." and ".." removed.
    static func absolute(_ path: String, in directory: String) -> String {
        var full = path
        if path == "~" || path.hasPrefix("~/") {
            full = (hostVariable("HOME") ?? "/root") + path.dropFirst()
        } else if !path.hasPrefix("/") {
            full = directory + "/" + path
        }
        var parts: [Substring] = []
        for part in full.split(separator: "/") where part != "." {
            if part == ".." { _ = parts.popLast() } else { parts.append(part) }
        }
        return "/" + parts.joined(separator: "/")
    }
}
