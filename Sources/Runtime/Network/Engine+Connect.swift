import Netns

extension Engine {
    /// `network connect`: adds a bridge network to a container; a running one gets its interface
    /// (eth1, eth2, ...) at once, without a default route. `aliases` join the container's
    /// --network-alias names, which the name servers of its user-defined networks answer for.
    public func connect(network name: String, container reference: String, address: IPv4Address?, aliases: [String] = []) throws {
        var record = try inspect(try containers.resolve(reference))
        guard case .network = record.config.network else {
            throw RuntimeError(.conflict, "container sharing network namespace with another container or host cannot be connected to any other network")
        }
        let network = try inspectNetwork(name)
        if record.config.networks.contains(network.name) {
            throw RuntimeError(.conflict, "endpoint with name \(record.name) already exists in network \(network.name)")
        }
        if !aliases.isEmpty && network.name == NetworkMode.defaultNetwork {
            throw RuntimeError(.invalidArgument, "network-scoped alias is supported only for containers in user defined networks")
        }
        let before = record.config
        record.config.networks.append(network.name)
        record.config.networkAliases += aliases.filter { !record.config.networkAliases.contains($0) }
        if record.state.status == .running, let process = record.state.process {
            var abandoned = Set<String>()
            let lock = try networks.lock()
            let interface: ContainerInterface
            do {
                defer { lock.unlock() }
                interface = try allocateInterface(
                    for: record, on: network.name, index: record.config.networks.count - 1, requested: address, abandoned: &abandoned)
            }
            releaseAbandoned(abandoned)
            record.state.interfaces[network.name] = interface
            try saveLocked(record)
            try RuntimeError.wrappingErrors {
                try interface.create(inNamespace: "/proc/\(process.pid)/ns/net", pid: process.pid, defaultRoute: false, host: try NetlinkSession(),
                                     explainer: explainer)
            }
            refreshHosts()
            refreshResolvConf(record, before: before)
        } else {
            try saveLocked(record)
        }
    }

    /// `network disconnect`: removes a network from a container, and its interface when it runs.
    public func disconnect(network name: String, container reference: String) throws {
        var record = try inspect(try containers.resolve(reference))
        let network = try inspectNetwork(name)
        guard let index = record.config.networks.firstIndex(of: network.name) else {
            throw RuntimeError(.conflict, "container \(Identifiers.printable(reference)) is not connected to network \(network.name)")
        }
        let before = record.config
        record.config.networks.remove(at: index)
        if let interface = record.state.interfaces.removeValue(forKey: network.name) {
            var detached = record
            detached.state.interfaces = [network.name: interface]
            disconnectNetworks(detached, namespaceDies: false)
        }
        try saveLocked(record)
        refreshHosts()
        if record.state.status == .running { refreshResolvConf(record, before: before) }
    }
}
