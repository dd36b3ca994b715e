import Netns
import Runtime

/// One container of a service as `run` would be asked for it: the service's values as CreateOptions
/// (the path every container takes, through Engine.create), with Compose's name and labels, plus
/// the networks beyond the first, which are connected before the container starts.
struct ServiceContainer {
    var options: CreateOptions
    /// Networks after the primary one, with the address asked for on each.
    var extraNetworks: [(name: String, address: IPv4Address?)]

    init(project: ComposeProject, service: ComposeService, number: Int, imageID: String, configHash: String, oneoff: Bool = false) throws {
        var options = CreateOptions(image: project.imageName(of: service), command: service.command ?? [])
        options.name = oneoff ? nil : service.containerName ?? project.containerName(service: service.name, number: number)
        options.entrypoint = service.entrypoint
        options.platform = service.platform
        options.requestedMACAddress = service.macAddress
        options.env = service.environment.keys.sorted().map { "\($0)=\(service.environment[$0] ?? "")" }
        options.workingDir = service.workingDir ?? ""
        options.user = service.user ?? ""
        options.hostname = service.hostname
        options.domainname = service.domainname
        options.labels = service.labels.merging([
            ComposeLabel.project: project.name, ComposeLabel.service: service.name,
            ComposeLabel.containerNumber: String(number), ComposeLabel.configHash: configHash,
            ComposeLabel.image: imageID, ComposeLabel.oneoff: oneoff ? "True" : "False",
            ComposeLabel.workingDir: project.workingDirectory, ComposeLabel.configFiles: project.configFiles.joined(separator: ","),
            ComposeLabel.version: ComposeLabel.versionValue,
        ]) { _, compose in compose }
        options.ports = try service.ports.map { port in
            do { return try PublishedPort(parsing: port.publishText) } catch {
                throw RuntimeError(.invalidArgument, "services.\(service.name).ports: \(port.publishText): \(error)")
            }
        }
        options.exposedPorts = try service.expose.flatMap(ImageConfigEditor.exposedPorts)
        options.links = try service.links.map { link in
            let parts = link.split(separator: ":", maxSplits: 1).map(String.init)
            let target = project.services[parts[0]]
            let name = target?.containerName ?? project.containerName(service: parts[0], number: 1)
            return try ContainerLink(parsing: "\(name):\(parts.count == 2 ? parts[1] : parts[0])")
        }
        var extraNetworks: [(name: String, address: IPv4Address?)] = []
        if let mode = service.networkMode {
            if mode.hasPrefix("service:") {
                let target = String(mode.dropFirst(8))
                options.network = .container(project.services[target]?.containerName ?? project.containerName(service: target, number: 1))
            } else {
                options.network = try NetworkMode(parsing: mode)
            }
        } else {
            let networks = ServiceContainer.networkOrder(service)
            for (index, key) in networks.enumerated() {
                let address = try service.networks?[key]?.ipv4Address.map { try IPv4Address(parsing: $0) }
                if index == 0 {
                    options.network = .network(project.networkName(key))
                    options.requestedAddress = address
                } else {
                    extraNetworks.append((project.networkName(key), address))
                }
            }
            // minirun's name servers give a container's aliases on each of its networks.
            let aliases = networks.flatMap { service.networks?[$0]?.aliases ?? [] }
            options.networkAliases = oneoff ? [] : [service.name] + aliases.filter { $0 != service.name }
        }
        options.dns = service.dns
        options.dnsSearch = service.dnsSearch
        options.dnsOptions = service.dnsOptions
        // Both checked as `run` checks them when the file was read (ServiceReader).
        options.ulimits = service.ulimits.sorted { $0.key < $1.key }.map { Ulimit(name: $0.key, soft: Int64($0.value.soft), hard: Int64($0.value.hard)) }
        options.sysctls = service.sysctls
        options.groupAdd = service.groupAdd
        options.shmSize = try service.shmSize.map { UInt64(try ResourceLimits.parseBytes($0)) }
        options.tty = service.tty
        options.interactive = service.stdinOpen
        for option in service.securityOptions { try options.security.apply(securityOption: option) }
        options.devices = service.devices
        options.volumesFrom = service.volumesFrom.map { entry in
            if entry.hasPrefix("container:") { return String(entry.dropFirst(10)) }
            let parts = entry.split(separator: ":", maxSplits: 1).map(String.init)
            let name = project.services[parts[0]]?.containerName ?? project.containerName(service: parts[0], number: 1)
            return ([name] + parts.dropFirst()).joined(separator: ":")
        }
        // Checked when the file was read (ServiceReader), as the ulimits and sysctls.
        options.pidMode = service.pid ?? NamespaceMode()
        options.ipcMode = service.ipc ?? NamespaceMode()
        options.utsMode = service.uts ?? NamespaceMode()
        options.cgroupnsMode = service.cgroup ?? NamespaceMode()
        options.logConfig = service.logging ?? LogConfig()
        options.oomScoreAdj = service.oomScoreAdj
        options.extraHosts = try service.extraHosts.map(HostEntry.init(parsing:))
        options.restartPolicy = try RestartPolicy(parsing: oneoff ? "no" : service.restart ?? "no")
        options.resources = try ResourceLimits.parse(
            memory: service.memLimit, memorySwap: service.memswapLimit, memoryReservation: service.memReservation,
            cpus: service.cpus, cpuPeriod: service.cpuPeriod.map(String.init), cpuQuota: service.cpuQuota.map(String.init),
            cpuShares: service.cpuShares.map(String.init), pidsLimit: service.pidsLimit.map(String.init),
            cpusetCpus: service.cpuset)
        options.resources.memorySwappiness = service.memSwappiness
        options.resources.oomKillDisable = service.oomKillDisable ? true : nil
        options.cgroupParent = service.cgroupParent
        options.deviceCgroupRules = try service.deviceCgroupRules.map(DeviceRule.init(parsing:))
        options.security.capAdd = service.capAdd
        options.security.capDrop = service.capDrop
        options.security.privileged = service.privileged
        options.readOnlyRoot = service.readOnly
        options.initProcess = service.initProcess ?? false
        options.tmpfs = try service.tmpfs.map(TmpfsMount.init(parsing:))
        for volume in service.volumes {
            let mode = volume.modes.isEmpty ? "" : ":" + volume.modes
            switch volume.type {
            case .bind:
                options.volumes.append(try VolumeMount(parsing: "\(volume.source ?? ""):\(volume.target)\(mode)",
                                                       createsMissingSource: volume.createHostPath))
            case .volume:
                if let key = volume.source {
                    options.volumes.append(try VolumeMount(parsing: "\(project.volumeName(key)):\(volume.target)\(mode)"))
                } else {
                    options.volumes.append(VolumeMount(anonymousAt: volume.target))
                }
            case .tmpfs: options.tmpfs.append(try TmpfsMount(target: volume.target, options: volume.tmpfsOptions))
            }
        }
        if let signal = service.stopSignal { try Signals.validateStopSignal(signal) }
        options.stopSignal = service.stopSignal
        options.healthcheck = try service.healthcheck.map(Self.healthCheck)
        self.options = options
        self.extraNetworks = extraNetworks
    }

    /// `healthcheck:` as `run --health-*` gives it: `disable: true` is `--no-healthcheck`, a field
    /// left out is the image's.
    static func healthCheck(_ spec: HealthcheckSpec) throws -> HealthCheckConfig {
        if spec.disable { return .disabled }
        let check = HealthCheckConfig(
            test: spec.test.isEmpty ? nil : spec.test,
            interval: try spec.interval.flatMap { try HealthCheckConfig.duration($0, flag: "healthcheck.interval") },
            timeout: try spec.timeout.flatMap { try HealthCheckConfig.duration($0, flag: "healthcheck.timeout") },
            startPeriod: try spec.startPeriod.flatMap { try HealthCheckConfig.duration($0, flag: "healthcheck.start_period") },
            startInterval: try spec.startInterval.flatMap { try HealthCheckConfig.duration($0, flag: "healthcheck.start_interval") },
            retries: spec.retries)
        try check.validate()
        return check
    }

    /// The service's networks in the order it joins them: by priority, highest first (Compose's),
    /// then "default" first and the rest by key.
    static func networkOrder(_ service: ComposeService) -> [String] {
        let networks = service.networks ?? [:]
        return networks.keys.sorted { a, b in
            let (first, second) = (networks[a]?.priority ?? 0, networks[b]?.priority ?? 0)
            if first != second { return first > second }
            return (a == "default" ? "" : a) < (b == "default" ? "" : b)
        }
    }
}
