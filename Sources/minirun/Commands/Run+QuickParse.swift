/// `run` parsed into RunArguments without swift-argument-parser, whose reflection over Run's options
/// costs about 1.3 ms of every start. Only the usual forms are taken: --long, --long=VALUE,
/// --long VALUE, -x, -x VALUE, -xVALUE and single-letter flags together (-it, -dp 80:80). Anything else - help, a value
/// that starts with a dash (but for the options that take any value, as ArgumentParser's
/// .unconditional ones do) or is empty, an option it does not know - gives nil, and ArgumentParser
/// parses the command instead, with its own messages. As with docker, the image ends the options:
/// the rest is the command.
extension Run {
    static func parseQuickly(_ arguments: [String]) -> RunArguments? {
        var run = RunArguments.defaults
        var index = 0
        /// The argument after an option as its value; nil when there is none, or it starts with a dash
        /// and the option does not take any value.
        func nextValue(for option: QuickOption) -> String? {
            guard index < arguments.count, option.takesAnyValue || !arguments[index].hasPrefix("-") else { return nil }
            index += 1
            return arguments[index - 1]
        }
        while index < arguments.count, arguments[index].hasPrefix("-") {
            let argument = arguments[index]
            index += 1
            if argument.hasPrefix("--") {
                let parts = argument.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard let option = quickOption(named: String(parts[0])) else { return nil }
                var value = parts.count == 2 ? String(parts[1]) : nil
                if value == "" { return nil }  // ArgumentParser takes the next argument then
                if option.takesValue && value == nil {
                    guard let next = nextValue(for: option) else { return nil }
                    value = next
                }
                guard option.takesValue == (value != nil) else { return nil }
                option.apply(&run, value)
            } else {
                // As docker's pflag: letters are flags up to one that takes a value, which is the rest
                // of the argument (-eA=1, -dp8080:80) or else the next one (-dp 8080:80).
                var letters = argument.dropFirst()
                guard !letters.isEmpty else { return nil }
                while let letter = letters.popFirst() {
                    guard let option = quickOption(named: "-" + String(letter)) else { return nil }
                    guard option.takesValue else {
                        option.apply(&run, nil)
                        continue
                    }
                    guard let value = letters.isEmpty ? nextValue(for: option) : String(letters) else { return nil }
                    option.apply(&run, value)
                    break
                }
            }
        }
        guard index < arguments.count else { return nil }
        run.image = arguments[index]
        run.command = Array(arguments[(index + 1)...])
        return run
    }

    struct QuickOption: Sendable {
        let names: [String]
        let takesValue: Bool
        /// The next argument is the value even when it starts with a dash (a negative number).
        var takesAnyValue = false
        let apply: @Sendable (inout RunArguments, String?) -> Void

        static func flag(_ names: String..., set: @escaping @Sendable (inout RunArguments) -> Void) -> QuickOption {
            QuickOption(names: names, takesValue: false) { run, _ in set(&run) }
        }

        static func value(_ names: String..., set: @escaping @Sendable (inout RunArguments, String) -> Void) -> QuickOption {
            QuickOption(names: names, takesValue: true) { run, value in set(&run, value ?? "") }
        }

        /// An option Run declares with `parsing: .unconditional`.
        static func anyValue(_ names: String..., set: @escaping @Sendable (inout RunArguments, String) -> Void) -> QuickOption {
            QuickOption(names: names, takesValue: true, takesAnyValue: true) { run, value in set(&run, value ?? "") }
        }
    }

    static func quickOption(named name: String) -> QuickOption? {
        quickOptions.first { $0.names.contains(name) }
    }

    /// Run's options with every name they have, as Run and ContainerFlags declare them (CLITests fail
    /// when one is missing or reads differently). A plain array searched in order: a dictionary built
    /// from it cost 0.1 ms of every start in generic type metadata, for 30 options.
    static let quickOptions: [QuickOption] = [
        .value("--name") { $0.container.name = $1 },
        .flag("--rm") { $0.container.autoRemove = true },
        .flag("-d", "--detach") { $0.detach = true },
        .value("-e", "--env") { $0.container.env.append($1) },
        .value("--env-file") { $0.container.envFiles.append($1) },
        .value("-w", "--workdir") { $0.container.workdir = $1 },
        .value("-u", "--user") { $0.container.user = $1 },
        .value("-h", "--hostname") { $0.container.hostname = $1 },
        .flag("-i", "--interactive") { $0.container.interactive = true },
        .flag("-t", "--tty") { $0.container.tty = true },
        .value("-a", "--attach") { $0.container.attach.append($1) },
        .value("--network", "--net") { $0.container.network = $1 },
        .value("--domainname") { $0.container.domainname = $1 },
        .value("--ip") { $0.container.ip = $1 },
        .value("--mac-address") { $0.container.macAddress = $1 },
        .value("--link") { $0.container.links.append($1) },
        .value("--network-alias") { $0.container.networkAliases.append($1) },
        .value("--dns") { $0.container.dns.append($1) },
        .value("--dns-search") { $0.container.dnsSearch.append($1) },
        .value("--dns-option") { $0.container.dnsOptions.append($1) },
        .value("--add-host") { $0.container.extraHosts.append($1) },
        .anyValue("-p", "--publish") { $0.container.publish.append($1) },
        .value("--restart") { $0.container.restart = $1 },
        .anyValue("-m", "--memory") { $0.container.memory = $1 },
        .anyValue("--memory-swap") { $0.container.memorySwap = $1 },
        .anyValue("--cpus") { $0.container.cpus = $1 },
        .anyValue("--cpu-period") { $0.container.cpuPeriod = $1 },
        .anyValue("--cpu-quota") { $0.container.cpuQuota = $1 },
        .anyValue("-c", "--cpu-shares") { $0.container.cpuShares = $1 },
        .anyValue("--pids-limit") { $0.container.pidsLimit = $1 },
        .anyValue("--memory-reservation") { $0.container.memoryReservation = $1 },
        .value("--cpuset-cpus") { $0.container.cpusetCpus = $1 },
        .value("--cpuset-mems") { $0.container.cpusetMems = $1 },
        .value("--cgroup-parent") { $0.container.cgroupParent = $1 },
        .value("--cgroups") { $0.container.cgroups = $1 },
        .value("--cap-add") { $0.container.capAdd.append($1) },
        .value("--cap-drop") { $0.container.capDrop.append($1) },
        .flag("--privileged") { $0.container.privileged = true },
        .value("--security-opt") { $0.container.securityOptions.append($1) },
        .value("-v", "--volume") { $0.container.volumes.append($1) },
        .value("--tmpfs") { $0.container.tmpfs.append($1) },
        .value("--mount") { $0.container.mounts.append($1) },
        .value("--shm-size") { $0.container.shmSize = $1 },
        .flag("--read-only") { $0.container.readOnly = true },
        .flag("--init") { $0.container.initProcess = true },
        .value("--device") { $0.container.devices.append($1) },
        .value("--device-cgroup-rule") { $0.container.deviceCgroupRules.append($1) },
        .value("--ulimit") { $0.container.ulimits.append($1) },
        .value("--sysctl") { $0.container.sysctls.append($1) },
        .value("--group-add") { $0.container.groupAdd.append($1) },
        .value("--volumes-from") { $0.container.volumesFrom.append($1) },
        .value("--pid") { $0.container.pid = $1 },
        .value("--ipc") { $0.container.ipc = $1 },
        .value("--uts") { $0.container.uts = $1 },
        .value("--cgroupns") { $0.container.cgroupns = $1 },
        .value("--log-driver") { $0.container.logDriver = $1 },
        .value("--log-opt") { $0.container.logOptions.append($1) },
        .anyValue("--oom-score-adj") { $0.container.oomScoreAdj = $1 },
        .anyValue("--memory-swappiness") { $0.container.memorySwappiness = $1 },
        .flag("--oom-kill-disable") { $0.container.oomKillDisable = true },
        .value("--blkio-weight") { $0.container.blkioWeight = $1 },
        .value("--blkio-weight-device") { $0.container.blkioWeightDevices.append($1) },
        .value("--device-read-bps") { $0.container.deviceReadBps.append($1) },
        .value("--device-write-bps") { $0.container.deviceWriteBps.append($1) },
        .value("--device-read-iops") { $0.container.deviceReadIOps.append($1) },
        .value("--device-write-iops") { $0.container.deviceWriteIOps.append($1) },
        .value("--entrypoint") { $0.container.entrypoint = $1 },
        .flag("-P", "--publish-all") { $0.container.publishAll = true },
        .value("--expose") { $0.container.expose.append($1) },
        .value("-l", "--label") { $0.container.labels.append($1) },
        .value("--label-file") { $0.container.labelFiles.append($1) },
        .value("--cidfile") { $0.container.idFile = $1 },
        .anyValue("--stop-timeout") { $0.container.stopTimeout = $1 },
        .value("--stop-signal") { $0.container.stopSignal = $1 },
        .value("--health-cmd") { $0.container.healthCmd = $1 },
        .anyValue("--health-interval") { $0.container.healthInterval = $1 },
        .anyValue("--health-timeout") { $0.container.healthTimeout = $1 },
        .anyValue("--health-retries") { $0.container.healthRetries = $1 },
        .anyValue("--health-start-period") { $0.container.healthStartPeriod = $1 },
        .anyValue("--health-start-interval") { $0.container.healthStartInterval = $1 },
        .flag("--no-healthcheck") { $0.container.noHealthcheck = true },
        .flag("--explain") { $0.explain = true },
        .value("--pull") { $0.pulling.policy = $1 },
        .value("--platform") { $0.pulling.platform = $1 },
        .flag("-q", "--quiet") { $0.pulling.quiet = true },
    ]
}
