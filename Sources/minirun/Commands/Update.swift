import ArgumentParser
import Runtime

/// `update [OPTIONS] CONTAINER...`: new limits and restart policy, as Docker's; a running
/// container's cgroup takes the limits at once. Prints each container as it was named.
struct Update: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update", abstract: "Update configuration of one or more containers (limits, restart policy).")

    @OptionGroup var resources: ResourceFlags

    @Option(help: "Restart policy: no, on-failure[:N], always or unless-stopped.")
    var restart: String?

    @Argument(help: "Containers (name, ID or ID prefix).")
    var containers: [String] = []

    func validate() throws {
        if containers.isEmpty { throw ValidationError("update requires at least 1 argument") }
    }

    func run() throws {
        let limits = try ResourceLimits.parseValues(
            memory: resources.memory, memorySwap: resources.memorySwap, memoryReservation: resources.memoryReservation,
            cpus: resources.cpus, cpuPeriod: resources.cpuPeriod, cpuQuota: resources.cpuQuota, cpuShares: resources.cpuShares, pidsLimit: resources.pidsLimit,
            cpusetCpus: resources.cpusetCpus, cpusetMems: resources.cpusetMems)
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
