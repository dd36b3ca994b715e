import Glibc
import Netns

extension Engine {
    static let predefinedNetworks = ["bridge", "host", "none"]

    /// The built-in "bridge" network (minirun's docker0), made on first use: its record first, then
    /// the bridge. 172.17.0.0/16 unless that is already routed on the host (a docker0, say): then the
    /// next free /16 up to 172.31, which minirun says once, when it chooses.
    public func defaultNetwork() throws -> NetworkRecord {
        let lock = try networks.lock()
        defer { lock.unlock() }
        // A start repairs a deleted bridge when it allocates on the network (`ensureBridge`).
        if let existing = try networks.load(NetworkMode.defaultNetwork) { return existing }
        let record = try RuntimeError.wrappingErrors { try FileLock.with(StateRoot.hostLock) { () throws -> NetworkRecord in
            let host = try NetlinkSession()
            HostRegistry.removeOrphans(session: host, explainer: explainer)
            // A bridge of ours without a record was left by a state root that was wiped: start afresh.
            try host.deleteLink(named: root.defaultBridgeName)
            guard let subnet = SubnetChooser.first(of: SubnetChooser.defaultBridgeCandidates, avoiding: try subnetsInUse(host)) else {
                throw RuntimeError(.system, "no free subnet in 172.17.0.0/16-172.31.0.0/16 for the default bridge")
            }
            if subnet != SubnetChooser.defaultBridgeCandidates[0] {
                printDiagnostic("172.17.0.0/16 is already in use on this host; the default bridge \(root.defaultBridgeName) uses \(subnet)")
            }
            let record = NetworkRecord(
                name: NetworkMode.defaultNetwork, id: Identifiers.newID(), subnet: subnet, gateway: subnet.firstHost,
                bridge: root.defaultBridgeName, created: .now(), isDefault: true)
            try networks.save(record)
            try HostRegistry.record(root, bridges: networks.list().map(\.bridge))
            try BridgeSetup.ensure(bridge: record.bridge, gateway: record.gateway, subnet: subnet, mtu: nil, session: host, explainer: explainer)
            return record
        } }
        try applyFirewall()
        return record
    }

    /// `network create`: a user-defined bridge network. Without a subnet it takes the next free one
    /// from 172.18.0.0/16; a subnet or gateway that does not fit is refused before anything changes.
    /// An `internal` one is cut off from everything but itself (NetworkRecord.isInternal). Its Linux
    /// bridge is br-<12 hex of its ID>, or the name its options give (`-o com.docker.network.bridge.name=`),
    /// which neither an interface of the host nor another network may have: minirun changes no
    /// interface it did not make. Its other options are BridgeOptions'.
    public func createNetwork(name: String, _ request: NetworkRequest) throws -> NetworkRecord {
        let (requestedSubnet, requestedGateway, ipRange) = (request.subnet, request.gateway, request.ipRange)
        try Identifiers.validateName(name, kind: "network")
        let options = try BridgeOptions(parsing: request.options)
        let bridgeName = options.bridgeName
        if Self.predefinedNetworks.contains(name) {
            throw RuntimeError(.conflict, "network with name \(name) already exists: it is a pre-defined network")
        }
        if requestedGateway != nil && requestedSubnet == nil {
            throw RuntimeError(.invalidArgument, "a gateway needs a subnet (--subnet)")
        }
        // Docker's CLI words: a range or an auxiliary address needs a subnet that holds it.
        if let ipRange, requestedSubnet?.contains(ipRange) != true {
            throw RuntimeError(.invalidArgument, "no matching subnet for range \(ipRange)")
        }
        for address in request.auxiliaryAddresses.values.sorted() where requestedSubnet?.contains(address) != true {
            throw RuntimeError(.invalidArgument, "no matching subnet for aux-address \(address)")
        }
        let lock = try networks.lock()
        defer { lock.unlock() }
        if try networks.load(name) != nil { throw RuntimeError(.conflict, "network with name \(name) already exists") }
        let record = try RuntimeError.wrappingErrors { try FileLock.with(StateRoot.hostLock) { () throws -> NetworkRecord in
            let host = try NetlinkSession()
            HostRegistry.removeOrphans(session: host, explainer: explainer)
            // Another network's bridge counts even while it is down and gone (after a reboot, say).
            if let bridgeName, try host.link(named: bridgeName) != nil || networks.list().contains(where: { $0.bridge == bridgeName }) {
                throw RuntimeError(.conflict, "bridge name \(bridgeName) is already in use")
            }
            let used = try subnetsInUse(host)
            let subnet: IPv4Network
            if let requestedSubnet {
                if let clash = used.first(where: { $0.overlaps(requestedSubnet) }) {
                    throw RuntimeError(.conflict, "invalid pool request: Pool overlaps with other one on this address space (\(requestedSubnet) overlaps \(clash))")
                }
                subnet = requestedSubnet
            } else {
                guard let free = SubnetChooser.first(of: SubnetChooser.userNetworkCandidates, avoiding: used) else {
                    throw RuntimeError(.system, "could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network")
                }
                subnet = free
            }
            let gateway = requestedGateway ?? subnet.firstHost
            guard subnet.contains(gateway), gateway != subnet.networkAddress, gateway != subnet.broadcastAddress else {
                throw RuntimeError(.invalidArgument, "invalid gateway \(gateway): it must be a host address inside \(subnet)")
            }
            let id = Identifiers.newID()
            var record = NetworkRecord(name: name, id: id, subnet: subnet, gateway: gateway,
                                       bridge: bridgeName ?? "br-" + id.prefix(12), created: .now(), isDefault: false,
                                       isInternal: request.isInternal, labels: request.labels)
            record.ipRange = ipRange
            record.auxiliaryAddresses = request.auxiliaryAddresses
            record.isAttachable = request.isAttachable
            record.options = options
            record.ipamOptions = request.ipamOptions
            try networks.save(record)
            try HostRegistry.record(root, bridges: networks.list().map(\.bridge))
            try BridgeSetup.ensure(bridge: record.bridge, gateway: gateway, subnet: subnet, mtu: options.mtu, session: host, explainer: explainer)
            return record
        } }
        try applyFirewall()
        return record
    }

    /// `network rm`: refused for the predefined networks and while a running container is attached.
    public func removeNetwork(_ reference: String) throws -> NetworkRecord {
        if Self.predefinedNetworks.contains(reference) {
            throw RuntimeError(.conflict, "\(reference) is a pre-defined network and cannot be removed")
        }
        let lock = try networks.lock()
        defer { lock.unlock() }
        let record = try networks.resolve(reference)
        if let user = listContainers().first(where: { $0.state.status == .running && $0.state.interfaces[record.name] != nil }) {
            throw RuntimeError(.conflict, "error while removing network: network \(record.name) id \(record.id) has active endpoints (\(user.name))")
        }
        try RuntimeError.wrappingErrors { try BridgeSetup.remove(bridge: record.bridge, session: try NetlinkSession(), explainer: explainer) }
        stopNameServer(record.name)
        try networks.remove(record.name)
        try FileLock.with(StateRoot.hostLock) { try HostRegistry.record(root, bridges: networks.list().map(\.bridge)) }
        try applyFirewall()
        return record
    }

    /// `network prune`: removes user-defined networks no container refers to.
    public func pruneNetworks(choosing chosen: (NetworkRecord) -> Bool = { _ in true }) throws -> [String] {
        let referenced = Set(listContainers().flatMap { $0.config.networks })
        var removed: [String] = []
        for record in networks.list() where !record.isDefault && !referenced.contains(record.name) && chosen(record) {
            _ = try removeNetwork(record.name)
            removed.append(record.name)
        }
        return removed
    }

    /// Every network: the built-in bridge is made on first use, as `docker network ls` always shows it.
    public func listNetworks() throws -> [NetworkRecord] {
        _ = try defaultNetwork()
        return networks.list()
    }

    /// A network; a user-defined one whose name server died is given a new one (see Engine+DNS).
    public func inspectNetwork(_ reference: String) throws -> NetworkRecord {
        if reference == NetworkMode.defaultNetwork { return try defaultNetwork() }
        let network = try networks.resolve(reference)
        reviveNameServer(network)
        return network
    }

    /// Subnets a new network must not overlap: what the host routes (other than its default route)
    /// and every network of this root, even one whose bridge is missing.
    func subnetsInUse(_ host: NetlinkSession) throws -> [IPv4Network] {
        let routed = try host.routes().map(\.destination).filter { $0.prefixLength > 0 }
        return routed + networks.list().map(\.subnet)
    }

    /// Repairs a network's bridge when something deleted it.
    func ensureBridge(_ record: NetworkRecord) throws {
        try RuntimeError.wrappingErrors {
            let host = try NetlinkSession()
            if try host.link(named: record.bridge) == nil {
                try BridgeSetup.ensure(bridge: record.bridge, gateway: record.gateway, subnet: record.subnet, mtu: record.options.mtu, session: host, explainer: explainer)
            }
        }
    }
}
