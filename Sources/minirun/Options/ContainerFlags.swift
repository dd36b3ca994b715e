import ArgumentParser

/// The options of a container, which `run` and `create` share: the one declaration of them for
/// ArgumentParser. `values` turns them into ContainerArguments, which Run.quickOptions fills
/// without ArgumentParser; CLITests fail when an option here is missing from that table or is
/// read differently by it.
struct ContainerFlags: ParsableArguments {
    @OptionGroup var process: ProcessFlags

    @Option(name: .customLong("name"), help: "Assign a name to the container.")
    var name: String?

    @Flag(name: .customLong("rm"), help: "Automatically remove the container when it exits.")
    var autoRemove = false

    @Option(name: [.customShort("a", allowingJoined: true), .customLong("attach")], help: "Attach to STDIN, STDOUT or STDERR (repeatable; default: STDOUT and STDERR).")
    var attach: [String] = []

    @Option(name: .customLong("env-file"), help: "Read environment variables from a file.")
    var envFiles: [String] = []

    @Option(name: [.customShort("h", allowingJoined: true), .customLong("hostname")], help: "Container host name.")
    var hostname: String?

    @Option(name: [.customLong("network"), .customLong("net")], help: "bridge (default), host, none, container:NAME or a network name.")
    var network = "bridge"

    @Option(help: "The container's NIS domain name.")
    var domainname: String?

    @Option(help: "IPv4 address on a user-defined network.")
    var ip: String?

    @Option(name: .customLong("mac-address"), help: "MAC address of the container's interface on its network (92:d0:c6:0a:29:33).")
    var macAddress: String?

    @Option(name: .customLong("link"), help: "Add NAME[:ALIAS] of another container to /etc/hosts.")
    var links: [String] = []

    @Option(name: .customLong("network-alias"), help: "Another name for the container on its user-defined networks' name servers.")
    var networkAliases: [String] = []

    @Option(name: .customLong("dns"), help: "A nameserver for /etc/resolv.conf instead of the host's.")
    var dns: [String] = []

    @Option(name: .customLong("dns-search"), help: "A search domain for /etc/resolv.conf instead of the host's (\".\" for none).")
    var dnsSearch: [String] = []

    @Option(name: .customLong("dns-option"), help: "A resolver option for /etc/resolv.conf instead of the host's.")
    var dnsOptions: [String] = []

    @Option(name: .customLong("add-host"), help: "Add NAME:ADDRESS to /etc/hosts (host-gateway: the container's gateway).")
    var extraHosts: [String] = []

    // Here and for the limits below, the next argument is the value whatever it begins with, as in
    // docker: "-p -1:80" and "--memory -1" are bad numbers to name, not a missing value.
    @Option(name: [.customShort("p", allowingJoined: true), .customLong("publish")], parsing: .unconditionalSingleValue, help: "Publish [hostIP:]hostPort:containerPort[/tcp|/udp].")
    var publish: [String] = []

    @Option(help: "Restart policy: no, on-failure[:N], always or unless-stopped.")
    var restart = "no"

    @OptionGroup var resources: ResourceFlags

    @Option(name: .customLong("cgroup-parent"), help: "Cgroup to put the container's cgroup beneath.")
    var cgroupParent: String?

    @Option(help: "enabled, or disabled: no cgroup of its own (no limits, no stats and no device allowlist: the container can open any device it makes a node of; a faster start).")
    var cgroups = "enabled"

    @Option(name: .customLong("cap-add"), help: "Add a capability (NAME, CAP_NAME or ALL).")
    var capAdd: [String] = []

    @Option(name: .customLong("cap-drop"), help: "Drop a capability (NAME, CAP_NAME or ALL).")
    var capDrop: [String] = []

    @Flag(help: "Every capability, no seccomp filter, no masked paths, the host's devices and access to all of them.")
    var privileged = false

    @Option(name: .customLong("security-opt"), help: "seccomp=unconfined, seccomp=PROFILE.json or no-new-privileges.")
    var securityOptions: [String] = []

    @Option(name: [.customShort("v", allowingJoined: true), .customLong("volume")], help: "Bind mount HOSTPATH:CTRPATH[:ro] or a named volume NAME:CTRPATH[:ro].")
    var volumes: [String] = []

    @Option(help: "Mount a tmpfs at PATH[:OPTIONS].")
    var tmpfs: [String] = []

    @Option(name: .customLong("shm-size"), help: "Size of /dev/shm (64m by default), as 128m or 1g.")
    var shmSize: String?

    @Option(name: .customLong("mount"), help: "type=bind|volume|tmpfs,source=SRC,target=DST[,readonly][,tmpfs-size=N][,tmpfs-mode=M].")
    var mounts: [String] = []

    @Flag(name: .customLong("read-only"), help: "Mount the root filesystem read-only.")
    var readOnly = false

    @Flag(name: .customLong("init"), help: "Run an init as the container's PID 1 that forwards signals to the command and reaps orphaned processes.")
    var initProcess = false

    @Option(name: .customLong("device"), help: "Add a host device: HOST[:CONTAINER][:PERMISSIONS] (rwm by default).")
    var devices: [String] = []

    @Option(name: .customLong("device-cgroup-rule"), help: "Allow devices in the container's cgroup: 'c|b|a MAJOR|*:MINOR|* rwm'.")
    var deviceCgroupRules: [String] = []

    @Option(name: .customLong("ulimit"), help: "A resource limit NAME=SOFT[:HARD] (nofile=1024:2048; -1 for unlimited).")
    var ulimits: [String] = []

    @Option(name: .customLong("sysctl"), help: "A namespaced kernel parameter KEY=VALUE (net.*, fs.mqueue.*, kernel.msg*, kernel.sem, kernel.shm*).")
    var sysctls: [String] = []

    @Option(name: .customLong("group-add"), help: "A supplementary group (a name of the image's /etc/group or a number) for the container's processes.")
    var groupAdd: [String] = []

    @Option(name: .customLong("volumes-from"), help: "Mount the volumes of another container: CONTAINER[:ro|rw].")
    var volumesFrom: [String] = []

    @Option(name: .customLong("pid"), help: "PID namespace: its own (default), host, or container:NAME.")
    var pid = ""

    @Option(name: .customLong("ipc"), help: "IPC namespace: private (default), shareable, none (no /dev/shm), host, or container:NAME.")
    var ipc = ""

    @Option(name: .customLong("uts"), help: "UTS namespace (host name): its own (default), or host.")
    var uts = ""

    @Option(name: .customLong("cgroupns"), help: "Cgroup namespace: private (default) or host.")
    var cgroupns = ""

    @Option(name: .customLong("log-driver"), help: "Logging driver: json-file (default), local or none.")
    var logDriver: String?

    @Option(name: .customLong("log-opt"), help: "Log driver option: max-size=10m, max-file=3.")
    var logOptions: [String] = []

    @Option(name: .customLong("oom-score-adj"), parsing: .unconditional, help: "The container's OOM score adjustment (-1000 to 1000).")
    var oomScoreAdj: String?

    @Option(name: .customLong("memory-swappiness"), parsing: .unconditional, help: "How readily the container's memory is swapped (0 to 100; -1: the host's). cgroup v1 only.")
    var memorySwappiness: String?

    @Flag(name: .customLong("oom-kill-disable"), help: "Keep the OOM killer away from the container's processes. cgroup v1 only.")
    var oomKillDisable = false

    @Option(name: .customLong("blkio-weight"), help: "Block I/O weight (10 to 1000, 0 for the default).")
    var blkioWeight: String?

    @Option(name: .customLong("blkio-weight-device"), help: "Block I/O weight of one device: /dev/PATH:WEIGHT.")
    var blkioWeightDevices: [String] = []

    @Option(name: .customLong("device-read-bps"), help: "Read rate limit of a device: /dev/PATH:RATE (1mb, 512kb).")
    var deviceReadBps: [String] = []

    @Option(name: .customLong("device-write-bps"), help: "Write rate limit of a device: /dev/PATH:RATE.")
    var deviceWriteBps: [String] = []

    @Option(name: .customLong("device-read-iops"), help: "Read operations per second of a device: /dev/PATH:N.")
    var deviceReadIOps: [String] = []

    @Option(name: .customLong("device-write-iops"), help: "Write operations per second of a device: /dev/PATH:N.")
    var deviceWriteIOps: [String] = []

    @Option(help: "Overwrite the image's ENTRYPOINT ('' for none); the image's CMD is dropped too.")
    var entrypoint: String?

    @Flag(name: [.customShort("P"), .customLong("publish-all")], help: "Publish every port the image exposes on a free host port.")
    var publishAll = false

    @Option(help: "Expose a port or a range of ports (80, 53/udp, 8000-8010) without publishing it; -P publishes it.")
    var expose: [String] = []

    @Option(name: [.customShort("l", allowingJoined: true), .customLong("label")], help: "Set a label KEY=VALUE on the container.")
    var labels: [String] = []

    @Option(name: .customLong("label-file"), help: "Read labels from a file of KEY=VALUE lines.")
    var labelFiles: [String] = []

    @Option(name: .customLong("cidfile"), help: "Write the container's ID to this file (which must not exist).")
    var idFile: String?

    @Option(name: .customLong("stop-signal"), help: "The signal `stop` sends first (default: the image's STOPSIGNAL, else SIGTERM).")
    var stopSignal: String?

    @Option(name: .customLong("stop-timeout"), parsing: .unconditional,
            help: "Seconds `stop` waits after the stop signal before SIGKILL (default 10; -1: no limit).")
    var stopTimeout: String?

    @Option(name: .customLong("health-cmd"), help: "Command to run to check health (run by /bin/sh -c in the container).")
    var healthCmd: String?

    // Durations as Docker's (1s, 500ms, 1m30s); the next argument is the value whatever it begins
    // with, so that a negative one is named as such.
    @Option(name: .customLong("health-interval"), parsing: .unconditional, help: "Time between running the check (default 30s).")
    var healthInterval: String?

    @Option(name: .customLong("health-timeout"), parsing: .unconditional, help: "Maximum time to allow one check to run (default 30s).")
    var healthTimeout: String?

    @Option(name: .customLong("health-retries"), parsing: .unconditional, help: "Consecutive failures needed to report unhealthy (default 3).")
    var healthRetries: String?

    @Option(name: .customLong("health-start-period"), parsing: .unconditional, help: "Start period for the container to initialize before failures count (default 0s).")
    var healthStartPeriod: String?

    @Option(name: .customLong("health-start-interval"), parsing: .unconditional, help: "Time between running the check during the start period (default 5s).")
    var healthStartInterval: String?

    @Flag(name: .customLong("no-healthcheck"), help: "Disable any container-specified HEALTHCHECK.")
    var noHealthcheck = false

    /// What ArgumentParser parsed, as plain values. ContainerArguments has no defaults of its own,
    /// so a field left out here does not compile.
    var values: ContainerArguments {
        ContainerArguments(
            name: name, autoRemove: autoRemove, env: process.env, envFiles: envFiles, workdir: process.workdir,
            user: process.user, hostname: hostname, domainname: domainname, interactive: process.interactive, tty: process.tty, attach: attach,
            network: network, ip: ip, macAddress: macAddress, links: links, networkAliases: networkAliases, dns: dns, dnsSearch: dnsSearch,
            dnsOptions: dnsOptions, extraHosts: extraHosts, publish: publish, restart: restart, memory: resources.memory,
            memorySwap: resources.memorySwap, cpus: resources.cpus,
            cpuPeriod: resources.cpuPeriod, cpuQuota: resources.cpuQuota, cpuShares: resources.cpuShares, pidsLimit: resources.pidsLimit,
            memoryReservation: resources.memoryReservation, cpusetCpus: resources.cpusetCpus, cpusetMems: resources.cpusetMems,
            cgroupParent: cgroupParent,
            cgroups: cgroups, capAdd: capAdd, capDrop: capDrop, privileged: privileged, securityOptions: securityOptions,
            volumes: volumes, tmpfs: tmpfs, shmSize: shmSize, mounts: mounts, readOnly: readOnly, initProcess: initProcess, devices: devices, deviceCgroupRules: deviceCgroupRules,
            ulimits: ulimits, sysctls: sysctls, groupAdd: groupAdd, volumesFrom: volumesFrom, pid: pid, ipc: ipc, uts: uts, cgroupns: cgroupns, logDriver: logDriver, logOptions: logOptions, oomScoreAdj: oomScoreAdj, memorySwappiness: memorySwappiness, oomKillDisable: oomKillDisable,
            blkioWeight: blkioWeight, blkioWeightDevices: blkioWeightDevices, deviceReadBps: deviceReadBps, deviceWriteBps: deviceWriteBps,
            deviceReadIOps: deviceReadIOps, deviceWriteIOps: deviceWriteIOps,
            entrypoint: entrypoint, publishAll: publishAll, expose: expose, labels: labels, labelFiles: labelFiles, idFile: idFile, stopSignal: stopSignal, stopTimeout: stopTimeout,
            healthCmd: healthCmd, healthInterval: healthInterval, healthTimeout: healthTimeout, healthRetries: healthRetries,
            healthStartPeriod: healthStartPeriod, healthStartInterval: healthStartInterval, noHealthcheck: noHealthcheck)
    }
}
