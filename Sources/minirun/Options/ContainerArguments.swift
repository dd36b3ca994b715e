/// A container's options as plain values, as ContainerFlags declares them: filled from ContainerFlags
/// after ArgumentParser, or by Run.parseQuickly without it (its property wrappers alone cost 0.25 ms
/// to make and fill). The fields have no defaults of their own, so that the memberwise initializer
/// ContainerFlags.values calls does not compile with one left out; `defaults` are ContainerFlags' own
/// (CLITests check both).
struct ContainerArguments: Equatable {
    var name: String?
    var autoRemove: Bool
    var env: [String]
    var envFiles: [String]
    var workdir: String?
    var user: String?
    var hostname: String?
    var domainname: String?
    var interactive: Bool
    var tty: Bool
    var attach: [String]
    var network: String
    var ip: String?
    var macAddress: String?
    var links: [String]
    var networkAliases: [String]
    var dns: [String]
    var dnsSearch: [String]
    var dnsOptions: [String]
    var extraHosts: [String]
    var publish: [String]
    var restart: String
    var memory: String?
    var memorySwap: String?
    var cpus: String?
    var cpuPeriod: String?
    var cpuQuota: String?
    var cpuShares: String?
    var pidsLimit: String?
    var memoryReservation: String?
    var cpusetCpus: String?
    var cpusetMems: String?
    var cgroupParent: String?
    var cgroups: String
    var capAdd: [String]
    var capDrop: [String]
    var privileged: Bool
    var securityOptions: [String]
    var volumes: [String]
    var tmpfs: [String]
    var shmSize: String?
    /// --mount: each read into a -v or --tmpfs value, in the order given after those.
    var mounts: [String]
    var readOnly: Bool
    var initProcess: Bool
    var devices: [String]
    var deviceCgroupRules: [String]
    var ulimits: [String]
    var sysctls: [String]
    var groupAdd: [String]
    var volumesFrom: [String]
    var pid: String
    var ipc: String
    var uts: String
    var cgroupns: String
    var logDriver: String?
    var logOptions: [String]
    var oomScoreAdj: String?
    var memorySwappiness: String?
    var oomKillDisable: Bool
    var blkioWeight: String?
    var blkioWeightDevices: [String]
    var deviceReadBps: [String]
    var deviceWriteBps: [String]
    var deviceReadIOps: [String]
    var deviceWriteIOps: [String]
    var entrypoint: String?
    var publishAll: Bool
    var expose: [String]
    var labels: [String]
    var labelFiles: [String]
    var idFile: String?
    var stopSignal: String?
    var stopTimeout: String?
    var healthCmd: String?
    var healthInterval: String?
    var healthTimeout: String?
    var healthRetries: String?
    var healthStartPeriod: String?
    var healthStartInterval: String?
    var noHealthcheck: Bool

    static let defaults = ContainerArguments(
        name: nil, autoRemove: false, env: [], envFiles: [], workdir: nil, user: nil, hostname: nil, domainname: nil, interactive: false,
        tty: false, attach: [], network: "bridge", ip: nil, macAddress: nil, links: [], networkAliases: [], dns: [], dnsSearch: [], dnsOptions: [], extraHosts: [], publish: [], restart: "no", memory: nil, memorySwap: nil,
        cpus: nil, cpuPeriod: nil, cpuQuota: nil, cpuShares: nil, pidsLimit: nil, memoryReservation: nil, cpusetCpus: nil, cpusetMems: nil, cgroupParent: nil, cgroups: "enabled", capAdd: [], capDrop: [],
        privileged: false, securityOptions: [], volumes: [], tmpfs: [], shmSize: nil, mounts: [], readOnly: false, initProcess: false, devices: [], deviceCgroupRules: [],
        ulimits: [], sysctls: [], groupAdd: [], volumesFrom: [], pid: "", ipc: "", uts: "", cgroupns: "", logDriver: nil, logOptions: [], oomScoreAdj: nil, memorySwappiness: nil, oomKillDisable: false,
        blkioWeight: nil, blkioWeightDevices: [], deviceReadBps: [], deviceWriteBps: [], deviceReadIOps: [], deviceWriteIOps: [],
        entrypoint: nil, publishAll: false, expose: [], labels: [], labelFiles: [], idFile: nil, stopSignal: nil, stopTimeout: nil, healthCmd: nil, healthInterval: nil,
        healthTimeout: nil, healthRetries: nil, healthStartPeriod: nil, healthStartInterval: nil, noHealthcheck: false)
}
