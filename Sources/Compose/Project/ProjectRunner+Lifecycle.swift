import Glibc
import Runtime

extension ProjectRunner {
    /// `stop`: the services' containers (all when none named), dependents first, each level of the
    /// dependency order at once.
    public func stop(_ services: [String], timeout: Int?) throws {
        let running = try containers(of: services).filter { engine.isRunning($0) }
        for level in try shutdownLevels(running) {
            try eachAtOnce(level) { record in
                self.say("Container", record.name, "Stopping")
                _ = try self.engine.stop(record.id, timeout: timeout ?? self.project.services[record.serviceName]?.stopGracePeriod ?? 10)
                self.say("Container", record.name, "Stopped")
            }
        }
    }

    /// `start`: stopped containers of the services started again, dependencies first.
    public func start(_ services: [String]) throws {
        let records = try containers(of: services)
        guard !records.isEmpty else { throw RuntimeError(.notFound, "no containers to start") }
        for record in try shutdownLevels(records).reversed().joined() where !engine.isRunning(record) {
            _ = try engine.start(record.id, attach: false)
            say("Container", record.name, "Started")
        }
    }

    /// `restart`: stopped, then started, with the services that depend on one of them with
    /// `restart: true` (and theirs in turn), as Compose restarts them.
    public func restart(_ services: [String], timeout: Int?) throws {
        let named = withRestartingDependents(services)
        try stop(named, timeout: timeout)
        try start(named)
    }

    /// `services` and every service whose depends_on names one of them with restart: true, until
    /// none is added; all services stay all (none named).
    func withRestartingDependents(_ services: [String]) -> [String] {
        guard !services.isEmpty else { return services }
        var named = services
        var added = true
        while added {
            added = false
            for (name, service) in project.services.sorted(by: { $0.key < $1.key }) where !named.contains(name) {
                if service.dependsOn.contains(where: { named.contains($0.key) && $0.value.restart == true }) {
                    named.append(name)
                    added = true
                }
            }
        }
        return named
    }

    /// `kill`: a signal to each running container of the services.
    public func kill(_ services: [String], signal: Int32) throws {
        for record in try containers(of: services) where engine.isRunning(record) {
            try engine.kill(record.id, signal: signal)
            say("Container", record.name, "Killed")
        }
    }

    /// `pause`: each running container of the services frozen.
    public func pause(_ services: [String]) throws {
        for record in try containers(of: services) where engine.isRunning(record) && !record.state.paused {
            try engine.pause(record.id)
            say("Container", record.name, "Paused")
        }
    }

    /// `unpause`: each paused container of the services thawed.
    public func unpause(_ services: [String]) throws {
        for record in try containers(of: services) where engine.isRunning(record) && record.state.paused {
            try engine.unpause(record.id)
            say("Container", record.name, "Unpaused")
        }
    }

    /// `port SERVICE PORT`: the host address where the service's container number `index`
    /// publishes the container port `port`/`transport`, as Compose prints it ("0.0.0.0:8080").
    public func publishedAddress(service: String, port: UInt16, transport: String, index: Int) throws -> String {
        try checkServices([service])
        guard let record = try containers(of: [service]).first(where: { $0.containerNumber == index }), engine.isRunning(record) else {
            throw RuntimeError(.notFound, "service \"\(service)\" is not running container #\(index)")
        }
        guard let published = record.state.ports.first(where: { $0.exposedPort == "\(port)/\(transport)" }) else {
            throw RuntimeError(.notFound, "no port \(port)/\(transport) for container \(record.name)")
        }
        return published.hostAddress
    }

    /// `rm`: the services' stopped containers removed (running ones too when `stop`).
    public func removeStopped(_ services: [String], stopFirst: Bool, anonymousVolumes: Bool) throws {
        for record in try containers(of: services) {
            if engine.isRunning(record) {
                guard stopFirst else { continue }
                _ = try engine.stop(record.id, timeout: project.services[record.serviceName]?.stopGracePeriod ?? 10)
            }
            _ = try engine.remove(record.id, force: true, volumes: anonymousVolumes)
            say("Container", record.name, "Removed")
        }
    }

    /// The container `exec` and the like address: the service's container number `index`.
    public func container(service: String, index: Int = 1) throws -> ContainerRecord {
        guard let record = try containers(of: [service]).first(where: { $0.containerNumber == index }) else {
            throw RuntimeError(.notFound, "service \"\(service)\" is not running")
        }
        return record
    }

    /// `run`: a one-off container of the service (its dependencies brought up first), with the
    /// command given, not named after the service's numbering and labelled oneoff. Returns its
    /// options for the CLI to run attached or detached, as `minirun run` does.
    public func oneoffOptions(service name: String, command: [String], upDependencies: Bool) throws -> CreateOptions {
        try checkServices([name])
        guard let service = project.services[name] else { throw RuntimeError(.notFound, "no such service: \(name)") }
        if upDependencies {
            var options = UpOptions()
            options.services = DependencyOrder.dependencies(of: service)
            if !options.services.isEmpty { try up(options) }
        }
        try checkContainers(of: [service])
        try makeNetworks(for: [service])
        try makeVolumes(for: [service])
        let imageID = try ensureImage(service, rebuild: false)
        var made = try ServiceContainer(project: project, service: service, number: 1, imageID: imageID,
                                        configHash: try service.configHash(), oneoff: true)
        if !command.isEmpty { made.options.command = command }
        made.options.ports = []  // as Compose: `run` publishes no ports unless asked
        return made.options
    }
}
