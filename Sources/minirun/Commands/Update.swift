import ArgumentParser
import Runtime

/// `update [OPTIONS] CONTAINER...`: new limits and restart policy, as Docker's; a running
/// container's cgroup takes the limits at once. Prints each container as it was named.
struct Update: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update", abstract: "Update configuration of one or more containers (limits, restart policy).")

    @Option(name: [.customShort("m", allowingJoined: true), .customLong("memory")], parsing: .unconditional, help: "Memory limit (e.g. 32m, 1g).")
    var memory: String?

    @Option(name: .customLong("memory-swap"), parsing: .unconditional, help: "Memory plus swap limit; -1 for unlimited swap.")
    var memorySwap: String?

    @Option(name: .customLong("memory-reservation"), parsing: .unconditional, help: "Memory soft limit.")
    var memoryReservation: String?

    @Option(parsing: .unconditional, help: "Number of CPUs (e.g. 0.5).")
    var cpus: String?

    @Option(name: [.customShort("c", allowingJoined: true), .customLong("cpu-shares")], parsing: .unconditional, help: "CPU shares (relative weight).")
    var cpuShares: String?

    @Option(name: .customLong("pids-limit"), parsing: .unconditional, help: "Maximum number of processes (-1 or 0 for unlimited).")
    var pidsLimit: String?

    @Option(name: .customLong("cpuset-cpus"), help: "CPUs the container may run on (0-3, 0,1).")
    var cpusetCpus: String?

    @Option(name: .customLong("cpuset-mems"), help: "Memory nodes the container may use (0-3, 0,1).")
    var cpusetMems: String?

    @Option(help: "Restart policy: no, on-failure[:N], always or unless-stopped.")
    var restart: String?

    @Argument(help: "Containers (name, ID or ID prefix).")
    var containers: [String] = []

    func validate() throws {
        if containers.isEmpty { throw ValidationError("update requires at least 1 argument") }
    }

    func run() throws {
        let limits = try ResourceLimits.parseValues(memory: memory, memorySwap: memorySwap, memoryReservation: memoryReservation,
                                                    cpus: cpus, cpuShares: cpuShares, pidsLimit: pidsLimit,
                                                    cpusetCpus: cpusetCpus, cpusetMems: cpusetMems)
        let restartPolicy = try restart.map(RestartPolicy.init(parsing:))
        guard limits != ResourceLimits() || restartPolicy != nil else {
            throw RuntimeError(.invalidArgument, "You must provide one or more flags when using this command.")
        }
        let engine = makeEngine()
        try forEachReporting(containers) { reference in
            try engine.update(reference, limits: limits, restartPolicy: restartPolicy)
            print(reference)
        }
    }
}
