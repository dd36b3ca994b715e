/// `run` parsed into RunArguments without swift-argument-parser, whose reflection over Run's options
/// costs about 1.3 ms of every start. Only the usual forms are taken: --long, --long=VALUE,
/// --long VALUE, -x, -x VALUE and single-letter flags together (-it). Anything else - help, a value
/// that starts with a dash or is empty, an option it does not know - gives nil, and ArgumentParser
/// parses the command instead, with its own messages. As with docker, the image ends the options:
/// the rest is the command.
extension Run {
    static func parseQuickly(_ arguments: [String]) -> RunArguments? {
        var run = RunArguments()
        var index = 0
        /// The argument after an option as its value; nil when there is none, or it starts with a dash.
        func nextValue() -> String? {
            guard index < arguments.count, !arguments[index].hasPrefix("-") else { return nil }
            index += 1
            return arguments[index - 1]
        }
        while index < arguments.count, arguments[index].hasPrefix("-") {
            let argument = arguments[index]
            index += 1
            if argument.hasPrefix("--") {
                let parts = argument.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard let option = quickOptions[String(parts[0])] else { return nil }
                var value = parts.count == 2 ? String(parts[1]) : nil
                if value == "" { return nil }  // ArgumentParser takes the next argument then
                if option.takesValue && value == nil {
                    guard let next = nextValue() else { return nil }
                    value = next
                }
                guard option.takesValue == (value != nil) else { return nil }
                option.apply(&run, value)
            } else {
                let letters = argument.dropFirst().map { "-" + String($0) }
                guard let first = letters.first, let option = quickOptions[first] else { return nil }
                if option.takesValue {
                    guard letters.count == 1, let value = nextValue() else { return nil }
                    option.apply(&run, value)
                } else {
                    for letter in letters {
                        guard let flag = quickOptions[letter], !flag.takesValue else { return nil }
                        flag.apply(&run, nil)
                    }
                }
            }
        }
        guard index < arguments.count else { return nil }
        run.image = arguments[index]
        run.command = Array(arguments[(index + 1)...])
        return run
    }

    struct QuickOption: Sendable {
        let takesValue: Bool
        let apply: @Sendable (inout RunArguments, String?) -> Void

        static func flag(_ set: @escaping @Sendable (inout RunArguments) -> Void) -> QuickOption {
            QuickOption(takesValue: false) { run, _ in set(&run) }
        }

        static func value(_ set: @escaping @Sendable (inout RunArguments, String) -> Void) -> QuickOption {
            QuickOption(takesValue: true) { run, value in set(&run, value ?? "") }
        }
    }

    /// Run's options by every name they have.
    static let quickOptions: [String: QuickOption] = {
        let options: [([String], QuickOption)] = [
            (["--name"], .value { $0.name = $1 }),
            (["--rm"], .flag { $0.autoRemove = true }),
            (["-d", "--detach"], .flag { $0.detach = true }),
            (["-e", "--env"], .value { $0.env.append($1) }),
            (["--env-file"], .value { $0.envFiles.append($1) }),
            (["-w", "--workdir"], .value { $0.workdir = $1 }),
            (["-u", "--user"], .value { $0.user = $1 }),
            (["-h", "--hostname"], .value { $0.hostname = $1 }),
            (["-i", "--interactive"], .flag { $0.interactive = true }),
            (["-t", "--tty"], .flag { $0.tty = true }),
            (["--network", "--net"], .value { $0.network = $1 }),
            (["--ip"], .value { $0.ip = $1 }),
            (["--link"], .value { $0.links.append($1) }),
            (["-p", "--publish"], .value { $0.publish.append($1) }),
            (["--restart"], .value { $0.restart = $1 }),
            (["-m", "--memory"], .value { $0.memory = $1 }),
            (["--memory-swap"], .value { $0.memorySwap = $1 }),
            (["--cpus"], .value { $0.cpus = $1 }),
            (["-c", "--cpu-shares"], .value { $0.cpuShares = $1 }),
            (["--pids-limit"], .value { $0.pidsLimit = $1 }),
            (["--cgroup-parent"], .value { $0.cgroupParent = $1 }),
            (["--cgroups"], .value { $0.cgroups = $1 }),
            (["--cap-add"], .value { $0.capAdd.append($1) }),
            (["--cap-drop"], .value { $0.capDrop.append($1) }),
            (["--privileged"], .flag { $0.privileged = true }),
            (["--security-opt"], .value { $0.securityOptions.append($1) }),
            (["-v", "--volume"], .value { $0.volumes.append($1) }),
            (["--tmpfs"], .value { $0.tmpfs.append($1) }),
            (["--read-only"], .flag { $0.readOnly = true }),
            (["--explain"], .flag { $0.explain = true }),
        ]
        return Dictionary(uniqueKeysWithValues: options.flatMap { names, option in names.map { ($0, option) } })
    }()
}
