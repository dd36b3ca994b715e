import Netns

extension Engine {
    /// Records the container as running, as `wireChild` has it. A container on bridge networks
    /// first gets an address on each, and its record is written with them under its own lock and
    /// then the networks' lock, the order every path takes them in: no concurrent start sees one of
    /// its leases before its record says it runs (and takes the lease back as stale), and the
    /// interfaces are recorded before they are made.
    func recordRunningWithAddresses(_ record: inout ContainerRecord) throws {
        guard case .network = record.config.network else { return try saveLocked(record) }
        if record.config.networks.contains(NetworkMode.defaultNetwork) && !networks.exists(NetworkMode.defaultNetwork) {
            _ = try defaultNetwork()
        }
        var abandoned = Set<String>()
        do {
            let recordLock = try containers.lock(record.id)
            defer { recordLock.unlock() }
            let networksLock = try networks.lock()
            defer { networksLock.unlock() }
            for (index, name) in record.config.networks.enumerated() {
                record.state.interfaces[name] = try allocateInterface(
                    for: record, on: name, index: index, requested: index == 0 ? record.config.requestedAddress : nil,
                    mac: index == 0 ? record.config.requestedMACAddress : nil, abandoned: &abandoned)
            }
            try containers.save(record)
        }
        releaseAbandoned(abandoned)
    }

    /// Gives a freshly cloned container (still waiting to go on) its network, as recorded by
    /// `recordRunningWithAddresses`: a veth pair on the bridge of each of its bridge networks (the child brings up
    /// its loopback itself). `namespace` is the path of its network namespace: the child may not have
    /// joined a namespace made for it yet.
    func connectNetworks(_ record: ContainerRecord, pid: Int32, namespace: String) throws {
        guard record.config.network.hasOwnNamespace else { return }
        explainer.phase(.network)
        explainer.note("the loopback interface of the container's own network namespace (the container's process does this)")
        explainer.command("nsenter --net=/proc/\(pid)/ns/net ip link set lo up")
        guard case .network = record.config.network else { return }
        // The default route goes through the first network that is not internal: an internal
        // network's gateway leads nowhere, so its containers have only their subnets' routes.
        let routed = record.config.networks.first { !isInternal(network: $0) }
        try RuntimeError.wrappingErrors {
            let host = try NetlinkSession()
            for name in record.config.networks {
                guard let interface = record.state.interfaces[name] else { continue }
                try interface.create(inNamespace: namespace, pid: pid, defaultRoute: name == routed, host: host, explainer: explainer)
            }
        }
    }

    /// An address on network `name` for the container's interface eth`index`; the caller holds the
    /// networks' lock. Leases whose container is no longer running (killed mid-start, host rebooted)
    /// are taken back first; their containers join `abandoned`.
    func allocateInterface(
        for record: ContainerRecord, on name: String, index: Int, requested: IPv4Address?, mac: MACAddress? = nil,
        abandoned: inout Set<String>
    ) throws -> ContainerInterface {
        guard let network = try networks.load(name) else {
            throw RuntimeError(.notFound, "network \(name) not found")
        }
        try ensureBridge(network)
        let held = leases(on: network)
        let live = held.filter { $0.value != record.id && keepsLease(id: $0.value) }
        abandoned.formUnion(held.values.filter { $0 != record.id && !live.values.contains($0) })
        var leases = live
        let address: IPv4Address
        do {
            address = try IPAllocator.allocate(
                in: network.subnet, gateway: network.gateway, used: Set(leases.keys).union(network.auxiliaryAddresses.values),
                requested: requested, range: network.ipRange)
        } catch {
            throw RuntimeError.wrapping(error)
        }
        leases[address] = record.id
        try networks.saveLeases(name, leases)
        return ContainerInterface(
            name: "eth\(index)", hostVeth: ContainerInterface.newHostVethName(), bridge: network.bridge,
            address: address, subnet: network.subnet, gateway: network.gateway,
            macAddress: mac ?? ContainerInterface.macAddress(for: address), mtu: network.options.mtu,
            isolated: !network.options.interContainerTraffic)
    }

    /// Undoes `connectNetworks`: returns the leases and deletes the host ends of the veths, unless
    /// the container's network namespace dies with it - then the kernel removes the pairs itself,
    /// and an explicit delete would only wait (tens of ms) for it to finish. Safe to repeat.
    func disconnectNetworks(_ record: ContainerRecord, namespaceDies: Bool) {
        guard !record.state.interfaces.isEmpty else { return }
        if !namespaceDies, let host = try? NetlinkSession() {
            for interface in record.state.interfaces.values {
                try? interface.remove(host: host, explainer: explainer)
            }
        }
        releaseLeases(of: record.id, on: record.state.interfaces.keys)
    }

    /// Gives back every lease container `id` holds on the networks `names`. Safe to repeat.
    func releaseLeases(of id: String, on names: some Sequence<String>) {
        guard let lock = try? networks.lock() else { return }
        defer { lock.unlock() }
        for name in names {
            let leases = leases(on: name)
            let kept = leases.filter { $0.value != id }
            if kept.count != leases.count { try? networks.saveLeases(name, kept) }
        }
    }

    /// Gives back what containers that died without their cleanup (a killed minirun, a reboot) still
    /// hold besides their leases: published-port rules, cgroups, names in hosts files. One whose end
    /// nobody recorded has it recorded (and goes, with --rm: see `reconcile`).
    func releaseAbandoned(_ ids: Set<String>) {
        for id in ids {
            guard let record = try? containers.load(id), reconcile(record) != nil else { continue }
            try? containers.update(id) { record in
                if current(record).state.status != .running { releaseResources(&record) }
            }
        }
    }

    /// The leases of network `name`, or - when its file does not read back whole - the addresses the
    /// running containers' records hold on it. The caller holds the networks' lock.
    func leases(on name: String) -> [IPv4Address: String] {
        networks.leases(name) ?? rebuiltLeases(on: name, from: [:])
    }

    /// The leases of `network`, when every one names a host address of its subnet (not its gateway)
    /// and a container that exists; else they are rebuilt, not trusted: a file that parses can
    /// still be wrong (written by hand, or by another version). The caller holds the networks' lock.
    func leases(on network: NetworkRecord) -> [IPv4Address: String] {
        guard let leases = networks.leases(network.name) else { return rebuiltLeases(on: network.name, from: [:]) }
        let trusted = leases.allSatisfy { address, id in
            network.subnet.contains(address) && address != network.gateway && address != network.subnet.networkAddress
                && address != network.subnet.broadcastAddress && id.count == 64 && FileSystem.exists(containers.directory(id))
        }
        return trusted ? leases : rebuiltLeases(on: network.name, from: leases.filter { network.subnet.contains($0.key) })
    }

    /// The addresses the running containers' records hold on network `name`, and those `untrusted`
    /// gives containers whose record is damaged: they may be running, and their records cannot say.
    private func rebuiltLeases(on name: String, from untrusted: [IPv4Address: String]) -> [IPv4Address: String] {
        var rebuilt: [IPv4Address: String] = [:]
        let listing = containers.listing()
        for record in listing.records.map(current) where record.state.status == .running {
            if let address = record.state.interfaces[name]?.address { rebuilt[address] = record.id }
        }
        let damaged = Set(listing.damaged.map(\.id))
        for (address, id) in untrusted where damaged.contains(id) && rebuilt[address] == nil { rebuilt[address] = id }
        return rebuilt
    }

    func isRunning(id: String) -> Bool {
        (try? containers.load(id)).map(isRunning) ?? false
    }

    /// Whether the holder of a lease keeps it: a running container, or one whose record is damaged -
    /// it may be running, and its address must not be given out twice.
    func keepsLease(id: String) -> Bool {
        switch containers.read(id) {
        case .record(let record): return isRunning(record)
        case .damaged: return true
        case .missing: return false
        }
    }

    /// Saves a record under its container's lock.
    func saveLocked(_ record: ContainerRecord) throws {
        let lock = try containers.lock(record.id)
        defer { lock.unlock() }
        try containers.save(record)
    }
}
