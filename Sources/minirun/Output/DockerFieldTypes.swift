import GoTemplate

extension GoFieldTypes {
    /// The fields of Docker's inspect structs (container, image, network, volume) that can be nil,
    /// by their Go types: so that `inspect -f '{{.Config.Entrypoint}}'` prints "[]" for an image
    /// without one, `{{.HostConfig.PidsLimit}}` "<nil>", `{{.Config.Volumes}}` "map[]", as docker's
    /// CLI does over the typed structs.
    static let docker = GoFieldTypes(
        Dictionary(uniqueKeysWithValues:
            slices.map { ($0, Kind.slice) } + maps.map { ($0, Kind.map) } + stringMaps.map { ($0, Kind.stringMap) }
                + pointers.map { ($0, Kind.pointer) } + strings.map { ($0, Kind.string) })
    )

    private static let slices = [
        "Args", "ExecIDs", "Mounts", "Env", "Cmd", "Entrypoint", "OnBuild", "Shell", "Binds", "VolumesFrom",
        "CapAdd", "CapDrop", "Dns", "DnsOptions", "DnsSearch", "ExtraHosts", "GroupAdd", "Links", "SecurityOpt",
        "BlkioWeightDevice", "BlkioDeviceReadBps", "BlkioDeviceWriteBps", "BlkioDeviceReadIOps",
        "BlkioDeviceWriteIOps", "Devices", "DeviceCgroupRules", "DeviceRequests", "Ulimits", "MaskedPaths",
        "ReadonlyPaths", "SecondaryIPAddresses", "SecondaryIPv6Addresses", "Aliases", "DNSNames", "RepoTags",
        "RepoDigests", "Layers", "IPAM.Config", "Peers", "Test",
    ]
    private static let maps = ["ExposedPorts", "Volumes", "PortBindings", "Ports", "Networks", "Containers", "Services", "Status"]
    private static let stringMaps = [
        "Labels", "Tmpfs", "StorageOpt", "Sysctls", "Annotations", "DriverOpts", "Options", "Data",
        "LogConfig.Config",
    ]
    private static let pointers = [
        "Health", "Healthcheck", "StopTimeout", "PidsLimit", "MemorySwappiness", "OomKillDisable", "Init",
        "IPAMConfig", "SizeRw", "SizeRootFs", "UsageData", "ContainerConfig",
    ]
    private static let strings = ["StopSignal", "MacAddress", "Domainname", "User", "WorkingDir"]
}
