import CRuntimeShims
import Glibc
import Netns

/// Name resolution on user-defined networks, without a daemon: each such network that has running
/// containers has a `minirun-dns` of its own (Sources/minirun-dns), as Podman has aardvark-dns.
///
/// - It listens on port 53 of the network's gateway address, on the host's side of the bridge, and
///   containers get `nameserver GATEWAY` as their only nameserver. Docker's 127.0.0.11 would need a
///   listener inside every container's network namespace (a process or a socket per container, and
///   NAT rules to reach it); the gateway needs one process per network, and every container of the
///   network already routes to it. It binds that address only and answers only clients of the
///   network's subnet, so it is never an open resolver.
/// - Its names are a file, `run/dns/NETWORK.records` ("ADDRESS NAME..." lines), rewritten atomically
///   (a temporary file renamed over it) under the hosts lock at every change of membership (start,
///   stop, rm, rename, connect, disconnect). The responder watches it with inotify and looks at the
///   watch after it has received a batch of queries and before it answers them, so the next query
///   after `rm` returns sees the change, at no system call per query (Sources/minirun-dns/records.c).
/// - It is started by the first container start that needs it and by `network inspect`, whenever
///   its pidfile names no live responder (one killed with kill -9 included), and stopped when the
///   network's last container leaves (it also exits by itself once its file is gone or empty).
///   A container whose responder died keeps `nameserver GATEWAY`: its resolver retries (every
///   second for busybox, glibc's `timeout:` by default 5 s), and the first retry after a restart is
///   answered - nothing in the container has to change.
extension Engine {
    var dnsDirectory: String { root.run + "/dns" }

    func dnsRecordsPath(_ network: String) -> String { dnsDirectory + "/" + network + ".records" }

    func dnsPidPath(_ network: String) -> String { dnsDirectory + "/" + network + ".pid" }

    /// The host's resolver configuration: the responders' upstreams and the source of containers'
    /// resolv.conf. MINIRUN_RESOLV_CONF points elsewhere (tests use an upstream of their own).
    static var hostResolvConfPath: String {
        getenv("MINIRUN_RESOLV_CONF").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/etc/resolv.conf"
    }

    /// The first user-defined network of a container: the one whose responder is its nameserver.
    func nameServerNetwork(of config: ContainerConfig) -> NetworkRecord? {
        guard case .network = config.network else { return nil }
        return config.networks.lazy.compactMap { name in (try? self.networks.load(name)) ?? nil }.first { !$0.isDefault }
    }

    /// The records of every user-defined network from the running containers, and their responders
    /// started or stopped to match. The caller holds the hosts lock.
    func refreshNameServers(running: [ContainerRecord]) {
        for network in networks.list() where !network.isDefault {
            let text = Self.dnsRecords(network: network.name, running: running)
            if text.isEmpty {
                stopNameServer(network.name)
                continue
            }
            let path = dnsRecordsPath(network.name)
            if (try? FileSystem.readString(path)) != text {
                try? FileSystem.makeDirectories(dnsDirectory, mode: 0o700)
                try? FileSystem.writeAtomically(path, text, mode: 0o600)
            }
            ensureNameServer(network)
        }
    }

    /// "ADDRESS NAME SHORTID ALIAS..." for every running container on the network, the container's
    /// name first (the answer to a PTR query), in order of their names so that the file only changes
    /// when the membership does.
    static func dnsRecords(network: String, running: [ContainerRecord]) -> String {
        var text = ""
        for record in running.sorted(by: { $0.name < $1.name }) {
            guard let address = record.state.interfaces[network]?.address else { continue }
            let names = [record.name, Identifiers.short(record.id)] + record.config.networkAliases
            text += address.description + " " + names.joined(separator: " ") + "\n"
        }
        return text
    }

    /// Starts the network's responder unless a live one is serving its records; the caller holds
    /// the hosts lock (so two starts never race to bind the same port).
    func ensureNameServer(_ network: NetworkRecord) {
        let records = dnsRecordsPath(network.name)
        if runningNameServer(network.name) != nil || !FileSystem.exists(records) { return }
        // An internal network's containers reach nothing outside it, names included, as in Docker:
        // its responder has no upstreams (an empty resolver list), and other names fail.
        let upstreams = network.isInternal ? "/dev/null" : Self.hostResolvConfPath
        let argv = [executables.dns, network.gateway.description, network.subnet.description, records,
                    dnsPidPath(network.name), upstreams]
        explainer.phase(.network)
        explainer.note("the name server of network \(network.name): names from \(records), "
            + (network.isInternal ? "no others (an internal network)" : "others forwarded to the host's resolvers")
            + "; it answers on \(network.gateway) port 53, the containers' only nameserver")
        explainer.command(argv.joined(separator: " "))
        let log = dnsDirectory + "/" + network.name + ".log"
        let errorLog = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        defer { if errorLog >= 0 { close(errorLog) } }
        var pointers = argv.map { strdup($0) } + [nil]
        defer { for pointer in pointers { free(pointer) } }
        let pid = mr_spawn_detached(executables.dns, &pointers, nil, 0, errorLog)
        guard pid > 0 else {
            printDiagnostic("warning: no name server for network \(network.name): start \(executables.dns): \(String(cString: strerror(-pid)))")
            return
        }
        // It forks once it listens: its first process exits 0 then, or non-zero with the reason in the log.
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        if status != 0 {
            let reason = ((try? FileSystem.readString(log)) ?? "").split(separator: "\n").last.map(String.init) ?? "exit status \(status)"
            printDiagnostic("warning: no name server for network \(network.name): \(reason)")
        }
    }

    /// The network's responder, when its pidfile names a live minirun-dns serving this network's records.
    func runningNameServer(_ network: String) -> ProcessIdentity? {
        guard let text = try? FileSystem.readString(dnsPidPath(network)),
              let pid = text.split(separator: "\n").first.flatMap({ Int32($0) }), pid > 0,
              let identity = ProcessIdentity(pid: pid),
              let cmdline = try? FileSystem.read("/proc/\(pid)/cmdline")
        else { return nil }
        let arguments = cmdline.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        return arguments.count > 3 && arguments[3] == dnsRecordsPath(network) ? identity : nil
    }

    /// Stops the network's responder and removes its files. Safe to repeat.
    func stopNameServer(_ network: String) {
        if let responder = runningNameServer(network) {
            explainer.note("network \(network) has no container left: its name server goes")
            explainer.command("kill \(responder.pid)")
            _ = Glibc.kill(responder.pid, SIGTERM)
            _ = responder.waitForExit(seconds: 2)
        }
        for path in [dnsRecordsPath(network), dnsPidPath(network), dnsDirectory + "/" + network + ".log"] {
            FileSystem.remove(path)
        }
    }

    /// `network inspect`: a responder that died (kill -9) is started again.
    func reviveNameServer(_ network: NetworkRecord) {
        guard !network.isDefault, let lock = try? FileLock(root.locks + "/hosts") else { return }
        defer { lock.unlock() }
        if FileSystem.exists(dnsRecordsPath(network.name)) { ensureNameServer(network) }
    }
}
