import Glibc
import Netns
import Runtime

/// `up`'s choices beyond the services.
public struct UpOptions: Sendable {
    public var services: [String] = []
    public var forceRecreate = false
    public var noRecreate = false
    public var removeOrphans = false
    /// --build: build images with a build section even when present.
    public var build = false
    /// --scale SERVICE=N, over deploy.replicas.
    public var scale: [String: Int] = [:]
    /// --wait: return once every container runs (and is healthy when it has a health check).
    public var wait = false
    /// --pull: every service's pull_policy, for this `up`.
    public var pull: ComposePullPolicy?
    /// False for `create`: the containers are made (or recreated) but not started, and nothing
    /// waits for their dependencies.
    public var start = true

    public init() {}
}

extension ProjectRunner {
    /// `up -d`: networks made, then each service (after what it depends on) converged to its
    /// configuration - containers made for what is missing, recreated where the configuration or the
    /// image changed, started where stopped, left alone where they match - and the surplus removed.
    public func up(_ options: UpOptions) throws {
        if options.forceRecreate && options.noRecreate {
            throw RuntimeError(.invalidArgument, "--force-recreate and --no-recreate are incompatible")
        }
        for (name, count) in options.scale {
            try checkServices([name])
            if count < 0 { throw RuntimeError(.invalidArgument, "--scale \(name)=\(count): must not be negative") }
        }
        let services = try withDependencies(options.services)
        try checkContainers(of: services)
        try makeNetworks(for: services)
        try makeVolumes(for: services)
        for service in services {
            if options.start { try waitForDependencies(of: service) }
            try converge(service, options)
        }
        let orphans = containers().filter { project.services[$0.serviceName] == nil }
        if options.removeOrphans {
            for orphan in orphans { try removeContainer(orphan) }
        } else if !orphans.isEmpty {
            progress("Found orphan containers (\(orphans.map(\.name).joined(separator: ", "))) for this project. "
                + "If you removed or renamed this service in your compose file, you can run this command with the --remove-orphans flag to clean it up.")
        }
        if options.wait {
            for service in services {
                for record in try containers(of: [service.name]) { try waitUntilHealthy(record) }
            }
        }
    }

    /// The containers the services would ask for, made only to be checked before anything is: a
    /// mem_limit, shm_size or security_opt `run` refuses fails here, not after the networks are made.
    func checkContainers(of services: [ComposeService]) throws {
        for service in services {
            _ = try ServiceContainer(project: project, service: service, number: 1, imageID: "", configHash: "")
        }
    }

    /// The project's networks the services join, made when missing (an external one must exist).
    func makeNetworks(for services: [ComposeService]) throws {
        let keys = Set(services.flatMap { $0.networks.map { Array($0.keys) } ?? [] })
        for key in keys.sorted() {
            guard let network = project.networks[key] else { continue }
            if engine.networks.exists(network.name) { continue }
            if network.external {
                throw RuntimeError(.notFound, "network \(network.name) declared as external, but could not be found")
            }
            var request = NetworkRequest(subnet: try network.subnet.map { try IPv4Network(parsing: $0) },
                                         gateway: try network.gateway.map { try IPv4Address(parsing: $0) })
            request.ipRange = try network.ipRange.map { try IPv4Network(parsing: $0) }
            request.auxiliaryAddresses = try network.auxiliaryAddresses.mapValues { try IPv4Address(parsing: $0) }
            request.isInternal = network.isInternal
            request.isAttachable = network.isAttachable
            request.options = network.driverOptions
            request.ipamOptions = network.ipamOptions
            request.labels = composeLabels(network.labels, ComposeLabel.network, key)
            _ = try engine.createNetwork(name: network.name, request)
            say("Network", network.name, "Created")
        }
    }

    /// The project's named volumes the services mount, made when missing with Compose's labels (an
    /// external one must exist).
    func makeVolumes(for services: [ComposeService]) throws {
        let keys = Set(services.flatMap { $0.volumes.filter { $0.type == .volume }.compactMap(\.source) })
        for key in keys.sorted() {
            guard let volume = project.volumes[key], (try? engine.volume(named: volume.name)) == nil else { continue }
            if volume.external {
                throw RuntimeError(.notFound, "external volume \"\(volume.name)\" not found")
            }
            _ = try engine.createVolume(named: volume.name, labels: composeLabels(volume.labels, ComposeLabel.volume, key),
                                        options: volume.driverOptions)
            say("Volume", volume.name, "Created")
        }
    }

    /// A network's or volume's labels: the file's, with Compose's over them - the project, the key
    /// under `label` (com.docker.compose.network or .volume), the version.
    private func composeLabels(_ own: [String: String], _ label: String, _ key: String) -> [String: String] {
        own.merging([ComposeLabel.project: project.name, label: key, ComposeLabel.version: ComposeLabel.versionValue]) { _, compose in compose }
    }

    /// One service's containers brought to its configuration.
    func converge(_ service: ComposeService, _ options: UpOptions) throws {
        let imageID = try ensureImage(service, rebuild: options.build, pull: options.pull)
        let hash = try service.configHash()
        let wanted = options.scale[service.name] ?? service.replicas
        let existing = try containers(of: [service.name])
        for record in existing where record.containerNumber > wanted || record.containerNumber < 1 {
            try removeContainer(record)
        }
        for number in 0..<wanted {
            let number = number + 1
            guard let record = existing.first(where: { $0.containerNumber == number }) else {
                try makeContainer(service, number: number, imageID: imageID, hash: hash, start: options.start)
                continue
            }
            let outdated = record.config.labels[ComposeLabel.configHash] != hash || record.config.labels[ComposeLabel.image] != imageID
            if options.forceRecreate || outdated && !options.noRecreate {
                say("Container", record.name, "Recreate")
                try removeContainer(record)
                try makeContainer(service, number: number, imageID: imageID, hash: hash, start: options.start)
            } else if engine.isRunning(record) {
                say("Container", record.name, "Running")
            } else if options.start {
                _ = try engine.start(record.id, attach: false)
                say("Container", record.name, "Started")
            }
        }
    }

    /// The image ID the service runs, as its pull_policy (or `up --pull`) says. A service with a
    /// build section builds when the image is missing, with --build, or with the policy build;
    /// another pulls its image when it is missing (or of another platform than `platform:`), at
    /// every `up` with always, and never with never.
    func ensureImage(_ service: ComposeService, rebuild: Bool, pull policy: ComposePullPolicy? = nil) throws -> String {
        let name = project.imageName(of: service)
        let policy = policy ?? service.pullPolicy ?? .missing
        let present = presentImage(of: service)
        if service.build != nil && (rebuild || policy == .build || present == nil) {
            return try build(service)
        }
        if let present, policy != .always || service.build != nil { return present.id }
        if policy == .never { throw RuntimeError(.notFound, "No such image: \(name)") }
        say("Image", name, "Pulling")
        try pull(name, platform: service.platform)
        return try engine.images.resolve(name).id
    }

    /// A new container of the service, its extra networks connected, started unless `start` is false.
    func makeContainer(_ service: ComposeService, number: Int, imageID: String, hash: String, start: Bool) throws {
        let made = try ServiceContainer(project: project, service: service, number: number, imageID: imageID, configHash: hash)
        let record = try engine.create(made.options)
        say("Container", record.name, "Created")
        for network in made.extraNetworks {
            try engine.connect(network: network.name, container: record.id, address: network.address)
        }
        guard start else { return }
        _ = try engine.start(record.id, attach: false)
        say("Container", record.name, "Started")
    }

    /// Stops (within the service's stop_grace_period) and removes a container, its anonymous volumes too.
    func removeContainer(_ record: ContainerRecord) throws {
        let grace = project.services[record.serviceName]?.stopGracePeriod ?? 10
        if engine.isRunning(record) {
            say("Container", record.name, "Stopping")
            _ = try engine.stop(record.id, timeout: grace)
        }
        _ = try engine.remove(record.id, force: true, volumes: true)
        say("Container", record.name, "Removed")
    }
}
