import ArgumentParser
import Runtime

/// `build`'s flags for the containers its RUN steps run in, as Docker's legacy builder takes them;
/// each means what `run`'s flag of the same name means.
struct BuildStepFlags: ParsableArguments {
    @Option(name: .customLong("add-host"), help: "Add NAME:ADDRESS to the /etc/hosts of RUN steps.")
    var extraHosts: [String] = []

    @Option(name: [.customShort("m", allowingJoined: true), .customLong("memory")], parsing: .unconditional, help: "Memory limit of RUN steps.")
    var memory: String?

    @Option(name: .customLong("memory-swap"), parsing: .unconditional, help: "Memory plus swap limit of RUN steps; -1 for unlimited swap.")
    var memorySwap: String?

    @Option(name: [.customShort("c", allowingJoined: true), .customLong("cpu-shares")], parsing: .unconditional, help: "CPU shares (relative weight) of RUN steps.")
    var cpuShares: String?

    @Option(name: .customLong("cpu-period"), parsing: .unconditional, help: "CPU CFS period of RUN steps, in microseconds.")
    var cpuPeriod: String?

    @Option(name: .customLong("cpu-quota"), parsing: .unconditional, help: "CPU CFS quota of RUN steps, in microseconds per period.")
    var cpuQuota: String?

    @Option(name: .customLong("cpuset-cpus"), help: "CPUs RUN steps may run on (0-3, 0,1).")
    var cpusetCpus: String?

    @Option(name: .customLong("cpuset-mems"), help: "Memory nodes RUN steps may use (0-3, 0,1).")
    var cpusetMems: String?

    @Option(name: .customLong("cgroup-parent"), help: "Cgroup to put the cgroups of RUN steps beneath.")
    var cgroupParent: String?

    @Option(name: .customLong("shm-size"), help: "Size of /dev/shm in RUN steps (64m by default).")
    var shmSize: String?

    @Option(name: .customLong("ulimit"), help: "A resource limit NAME=SOFT[:HARD] of RUN steps.")
    var ulimits: [String] = []

    @Option(name: .customLong("security-opt"), help: "seccomp=unconfined, seccomp=PROFILE.json or no-new-privileges for RUN steps.")
    var securityOptions: [String] = []

    /// The settings, each value parsed as `run` parses it (bad input fails before the build starts).
    func settings() throws -> StepContainerSettings {
        var settings = StepContainerSettings()
        settings.extraHosts = try extraHosts.map(HostEntry.init(parsing:))
        settings.resources = try ResourceLimits.parse(
            memory: memory, memorySwap: memorySwap, cpuPeriod: cpuPeriod, cpuQuota: cpuQuota, cpuShares: cpuShares,
            cpusetCpus: cpusetCpus, cpusetMems: cpusetMems)
        settings.cgroupParent = cgroupParent
        settings.shmSize = try shmSize.map(CreateOptions.shmSize(parsing:))
        settings.ulimits = try Ulimit.parse(ulimits)
        for option in securityOptions { try settings.security.apply(securityOption: option) }
        return settings
    }
}
