import Runtime

extension ContainerArguments {
    /// The library's CreateOptions for IMAGE and COMMAND with these options, each value parsed (bad
    /// input fails here, before anything is made). `run` and `create` both come through here.
    func createOptions(image: String, command: [String]) throws -> CreateOptions {
        var options = CreateOptions(image: image, command: command)
        options.network = try NetworkMode(parsing: network)
        options.name = name
        options.env = try Environment.parse(options: env, files: try envFiles.map(Self.readEnvFile), host: hostEnvironment)
        options.workingDir = workdir ?? ""
        options.user = user ?? ""
        options.hostname = hostname
        options.domainname = domainname
        options.interactive = interactive
        options.tty = tty
        options.attachedStreams = try AttachedStreams(parsing: attach, interactive: interactive)
        options.autoRemove = autoRemove
        options.links = try links.map(ContainerLink.init(parsing:))
        options.networkAliases = try networkAliases.map { alias in
            try Identifiers.validateName(alias, kind: "network alias")
            return alias
        }
        options.dns = try dns.map { server in
            do { return try IPv4Address(parsing: server).description } catch {
                throw RuntimeError(.invalidArgument, "\(Identifiers.printable(server)) is not an ip address")
            }
        }
        // One word each: a space or newline would make another line of the container's resolv.conf.
        for (flag, values) in [("--dns-search", dnsSearch), ("--dns-option", dnsOptions)] {
            if let bad = values.first(where: { $0.isEmpty || $0.contains(where: { $0.isWhitespace || $0.asciiValue.map { $0 < 32 || $0 == 127 } ?? false }) }) {
                throw RuntimeError(.invalidArgument, "invalid argument \"\(Identifiers.printable(bad))\" for \"\(flag)\" flag: one word expected")
            }
        }
        options.dnsSearch = dnsSearch
        options.dnsOptions = dnsOptions
        options.extraHosts = try extraHosts.map(HostEntry.init(parsing:))
        options.ports = try publish.map { text in
            do { return try PublishedPort(parsing: text) } catch { throw RuntimeError.wrapping(error) }
        }
        options.restartPolicy = try RestartPolicy(parsing: restart)
        options.resources = try ResourceLimits.parse(
            memory: memory, memorySwap: memorySwap, memoryReservation: memoryReservation, cpus: cpus,
            cpuPeriod: cpuPeriod, cpuQuota: cpuQuota, cpuShares: cpuShares,
            pidsLimit: pidsLimit, cpusetCpus: cpusetCpus, cpusetMems: cpusetMems)
        options.resources.memorySwappiness = try memorySwappiness.flatMap(ResourceLimits.memorySwappiness(parsing:))
        if oomKillDisable { options.resources.oomKillDisable = true }
        let blockIO = try BlockIOLimits(weight: blkioWeight, weightDevices: blkioWeightDevices, readBps: deviceReadBps,
                                        writeBps: deviceWriteBps, readIOps: deviceReadIOps, writeIOps: deviceWriteIOps)
        options.resources.blockIO = blockIO.isEmpty ? nil : blockIO
        options.cgroupParent = cgroupParent
        guard cgroups == "enabled" || cgroups == "disabled" else {
            throw RuntimeError(.invalidArgument, "invalid --cgroups \(cgroups): enabled or disabled")
        }
        options.cgroupsEnabled = cgroups == "enabled"
        options.security.capAdd = capAdd
        options.security.capDrop = capDrop
        options.security.privileged = privileged
        for option in securityOptions { try options.security.apply(securityOption: option) }
        var tmpfs = tmpfs
        options.volumes = try volumes.map { try VolumeMount(parsing: $0) }
        for mount in mounts {
            switch try MountArgument.shortForm(mount) {
            case .volume(let volume, let createsSource): options.volumes.append(try VolumeMount(parsing: volume, createsMissingSource: createsSource))
            case .tmpfs(let mount): tmpfs.append(mount)
            }
        }
        options.tmpfs = try tmpfs.map(TmpfsMount.init(parsing:))
        options.readOnlyRoot = readOnly
        options.shmSize = try shmSize.map(CreateOptions.shmSize(parsing:))
        options.initProcess = initProcess
        options.devices = try devices.map(DeviceMapping.init(parsing:))
        options.deviceCgroupRules = try deviceCgroupRules.map(DeviceRule.init(parsing:))
        options.ulimits = try Ulimit.parse(ulimits)
        options.sysctls = try Sysctls.parse(sysctls)
        options.groupAdd = groupAdd
        options.volumesFrom = volumesFrom
        options.pidMode = try NamespaceMode(parsing: pid, kind: .pid)
        options.ipcMode = try NamespaceMode(parsing: ipc, kind: .ipc)
        options.utsMode = try NamespaceMode(parsing: uts, kind: .uts)
        options.cgroupnsMode = try NamespaceMode(parsing: cgroupns, kind: .cgroup)
        options.logConfig = try LogConfig(driver: logDriver, options: logOptions)
        options.oomScoreAdj = try oomScoreAdj.map { text in
            guard let score = Int(text) else { throw RuntimeError(.invalidArgument, "invalid argument \"\(Identifiers.printable(text))\" for \"--oom-score-adj\" flag: not a whole number") }
            return score
        }
        options.requestedAddress = try ip.map { text in
            do { return try IPv4Address(parsing: text) } catch { throw RuntimeError(.invalidArgument, "invalid IPv4 address: \(text)") }
        }
        options.requestedMACAddress = try macAddress.map(CreateOptions.requestedMACAddress(parsing:))
        options.entrypoint = entrypoint.map { $0.isEmpty ? [] : [$0] }
        options.publishAll = publishAll
        options.exposedPorts = try expose.flatMap(ImageConfigEditor.exposedPorts)
        // As Docker's: the files' labels first, --label's over them.
        options.labels = try LabelArguments.parse(try labelFiles.flatMap(LabelArguments.lines(ofFile:)) + labels)
        options.idFile = idFile
        if let stopSignal { try Signals.validateStopSignal(stopSignal) }
        options.stopSignal = stopSignal
        options.stopTimeout = try stopTimeout.map { text in
            guard let seconds = Int(text) else {
                throw RuntimeError(.invalidArgument, "invalid argument \"\(Identifiers.printable(text))\" for \"--stop-timeout\" flag: a whole number of seconds")
            }
            return seconds
        }
        options.healthcheck = try healthcheck()
        // Docker's CLI warns of it the same way and goes on; only once every value has been read,
        // so that bad input still gets its one line.
        if oomKillDisable && (options.resources.memory ?? 0) == 0 {
            printDiagnostic("WARNING: Disabling the OOM killer on containers without setting a '-m/--memory' limit may be dangerous.")
        }
        return options
    }

    /// The --health-* options as Docker's CLI reads them: nil when none is given (the image's
    /// HEALTHCHECK then), `--health-cmd` a CMD-SHELL test, `--no-healthcheck` NONE and alone.
    private func healthcheck() throws -> HealthCheckConfig? {
        let durations = [("--health-interval", healthInterval), ("--health-timeout", healthTimeout),
                         ("--health-start-period", healthStartPeriod), ("--health-start-interval", healthStartInterval)]
        let given = healthCmd?.isEmpty == false || healthRetries != nil || durations.contains { $0.1 != nil }
        if noHealthcheck {
            if given { throw RuntimeError(.invalidArgument, "--no-healthcheck conflicts with --health-* options") }
            return .disabled
        }
        guard given else { return nil }
        let parsed = try durations.map { flag, text in try text.flatMap { try HealthCheckConfig.duration($0, flag: flag) } }
        var retries: Int?
        if let healthRetries {
            guard let number = Int(healthRetries) else {
                throw RuntimeError(.invalidArgument, "invalid argument \"\(Identifiers.printable(healthRetries))\" for \"--health-retries\" flag: strconv.ParseInt: parsing \"\(Identifiers.printable(healthRetries))\": invalid syntax")
            }
            if number < 0 { throw RuntimeError(.invalidArgument, "--health-retries cannot be negative") }
            retries = number == 0 ? nil : number
        }
        return HealthCheckConfig(
            test: healthCmd.flatMap { $0.isEmpty ? nil : ["CMD-SHELL", $0] }, interval: parsed[0], timeout: parsed[1],
            startPeriod: parsed[2], startInterval: parsed[3], retries: retries)
    }

    static func readEnvFile(_ path: String) throws -> String {
        guard let text = try FileSystem.readString(path) else {
            throw RuntimeError(.invalidArgument, "open \(path): no such file or directory")
        }
        return text
    }
}
