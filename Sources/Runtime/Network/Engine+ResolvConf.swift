/// A container's /etc/resolv.conf: the host's, with --dns, --dns-search and --dns-option in place of
/// its lines of each kind; on a user-defined network, the network's name server (Engine+DNS) as its
/// nameserver. Docker does the same with its 127.0.0.11, also when a container first joins a
/// user-defined network with `network connect` while it runs: its resolv.conf is rewritten then.
extension Engine {
    /// For a container with a network namespace of its own, or the host's.
    func resolvConf(for config: ContainerConfig) -> String {
        let host = (try? FileSystem.readString(Self.hostResolvConfPath)) ?? ""
        var settings = EtcFiles.ResolverSettings(servers: config.dns, search: config.dnsSearch, options: config.dnsOptions)
        if case .host = config.network {
            return EtcFiles.resolvConf(host: host, hostNetwork: true, settings: settings)
        }
        settings.nameServer = nameServerNetwork(of: config)?.gateway.description
        return EtcFiles.resolvConf(host: host, hostNetwork: false, settings: settings)
    }

    /// After `network connect` or `disconnect` of a running container: when the network whose name
    /// server it asks changed (its first user-defined network came or went), its resolv.conf is
    /// written again, in place (the file is bind-mounted: its inode stays).
    func refreshResolvConf(_ record: ContainerRecord, before: ContainerConfig) {
        guard nameServerNetwork(of: before)?.name != nameServerNetwork(of: record.config)?.name else { return }
        try? FileSystem.overwrite(containers.directory(record.id) + "/resolv.conf", Array(resolvConf(for: record.config).utf8))
    }
}
