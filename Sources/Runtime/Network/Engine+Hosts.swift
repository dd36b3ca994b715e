import Netns

/// /etc/hosts is how containers find each other by name: --link entries, and on user-defined
/// networks every other running container of the network (for programs that read only /etc/hosts;
/// the networks' name servers answer DNS queries from the same state, see Engine+DNS). Whenever a
/// container starts or stops, the hosts files of the running containers that can name it are
/// rewritten from the current state, under one lock, so the last writer always saw everything.
extension Engine {
    /// `changed` is the container whose start or stop calls for it, as the caller holds it.
    func refreshHosts(changed: ContainerRecord? = nil) {
        guard let lock = try? FileLock(root.locks + "/hosts") else { return }
        defer { lock.unlock() }
        let running = listContainers(replacing: changed).filter { $0.state.status == .running }
        let byName = Dictionary(running.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for record in running {
            guard case .network = record.config.network else { continue }
            let text = EtcFiles.hosts(entries: hostsEntries(for: record, running: running, byName: byName))
            let path = containers.directory(record.id) + "/hosts"
            // Written over rather than truncated first: on a full disk, the block it had is kept.
            if (try? FileSystem.readString(path)) != text {
                try? FileSystem.overwrite(path, Array(text.utf8))
            }
        }
        refreshNameServers(running: running)
    }

    /// The lines after the localhost block: the container itself, its links, then its peers on
    /// user-defined networks.
    func hostsEntries(for record: ContainerRecord, running: [ContainerRecord], byName: [String: ContainerRecord]) -> [(address: String, names: [String])] {
        var entries: [(address: String, names: [String])] = []
        if let own = primaryInterface(record) {
            entries.append((own.address.description, [record.config.hostname]))
        }
        for extra in record.config.extraHosts {
            let address = extra.address == "host-gateway" ? primaryInterface(record)?.gateway.description : extra.address
            if let address { entries.append((address, [extra.name])) }
        }
        for link in record.config.links {
            guard let target = byName[link.name], let address = primaryInterface(target)?.address else { continue }
            entries.append((address.description, unique([link.alias, link.name, Identifiers.short(target.id)])))
        }
        for (networkName, _) in record.state.interfaces.sorted(by: { $0.key < $1.key }) where networkName != NetworkMode.defaultNetwork {
            for peer in running where peer.id != record.id {
                guard let address = peer.state.interfaces[networkName]?.address else { continue }
                entries.append((address.description, unique([peer.name, Identifiers.short(peer.id)])))
            }
        }
        return entries
    }

    /// The interface on the container's first network.
    func primaryInterface(_ record: ContainerRecord) -> ContainerInterface? {
        record.config.networks.lazy.compactMap { record.state.interfaces[$0] }.first
    }

    private func unique(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }
}
