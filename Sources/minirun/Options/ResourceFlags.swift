import ArgumentParser

/// The cgroup limits `run`, `create` and `update` take, as Docker's flags, each as given
/// (ResourceLimits parses them).
struct ResourceFlags: ParsableArguments {
    @Option(name: [.customShort("m", allowingJoined: true), .customLong("memory")], parsing: .unconditional, help: "Memory limit (e.g. 32m, 1g).")
    var memory: String?

    @Option(name: .customLong("memory-swap"), parsing: .unconditional, help: "Memory plus swap limit; -1 for unlimited swap.")
    var memorySwap: String?

    @Option(parsing: .unconditional, help: "Number of CPUs (e.g. 0.5).")
    var cpus: String?

    @Option(name: .customLong("cpu-period"), parsing: .unconditional, help: "CPU CFS period in microseconds (1000 to 1000000).")
    var cpuPeriod: String?

    @Option(name: .customLong("cpu-quota"), parsing: .unconditional, help: "CPU CFS quota: microseconds of CPU time per period (-1 for none).")
    var cpuQuota: String?

    @Option(name: [.customShort("c", allowingJoined: true), .customLong("cpu-shares")], parsing: .unconditional, help: "CPU shares (relative weight).")
    var cpuShares: String?

    @Option(name: .customLong("pids-limit"), parsing: .unconditional, help: "Maximum number of processes (-1 for unlimited).")
    var pidsLimit: String?

    @Option(name: .customLong("memory-reservation"), parsing: .unconditional, help: "Memory soft limit.")
    var memoryReservation: String?

    @Option(name: .customLong("cpuset-cpus"), help: "CPUs the container may run on (0-3, 0,1).")
    var cpusetCpus: String?

    @Option(name: .customLong("cpuset-mems"), help: "Memory nodes the container may use (0-3, 0,1).")
    var cpusetMems: String?
}
