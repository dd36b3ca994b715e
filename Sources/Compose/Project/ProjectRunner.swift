import Glibc
import Runtime

/// Carries out compose commands on one loaded project through the Engine: what `up` converges and
/// `down` removes is found again by the containers' labels, so a command killed half-way leaves
/// nothing the next one does not recognise. Unchecked Sendable: `progress` is set before a command
/// runs and only read after, when `down` and `stop` work on several containers at once.
public final class ProjectRunner: @unchecked Sendable {
    public let engine: Engine
    public let project: ComposeProject
    /// Progress lines ("Container web-1  Started"), which the CLI writes to stderr as Compose does.
    public var progress: (String) -> Void = { _ in }
    /// How a service's build shows its steps: the CLI's display, as `minirun build` shows them.
    public let buildProgress: any BuildProgress

    public init(engine: Engine, project: ComposeProject, buildProgress: any BuildProgress) {
        self.engine = engine
        self.project = project
        self.buildProgress = buildProgress
    }

    /// Pulls an image into the store through minirun-pull, as `minirun pull` does, its lines on
    /// stderr; `platform` chooses from a manifest list.
    func pull(_ image: String, platform: OCIDescriptor.Platform?) throws {
        try engine.pullThroughHelper(image, output: STDERR_FILENO, platform: platform?.description)
    }

    /// The image the service names, when it is here and of the service's platform.
    func presentImage(of service: ComposeService) -> ImageRecord? {
        engine.images.present(project.imageName(of: service), platform: service.platform)
    }

    /// The project's containers (one-off `run` containers too when `oneoff`), by service and number.
    public func containers(oneoff: Bool = false) -> [ContainerRecord] {
        engine.containerListing().records.filter { record in
            record.config.labels[ComposeLabel.project] == project.name
                && (oneoff || record.config.labels[ComposeLabel.oneoff] != "True")
        }.sorted { ($0.serviceName, $0.containerNumber) < ($1.serviceName, $1.containerNumber) }
    }

    /// The containers of these services (all when empty); an unknown service is an error.
    public func containers(of services: [String], oneoff: Bool = false) throws -> [ContainerRecord] {
        try checkServices(services)
        return containers(oneoff: oneoff).filter { services.isEmpty || services.contains($0.serviceName) }
    }

    public func checkServices(_ names: [String]) throws {
        if let unknown = names.first(where: { project.services[$0] == nil }) {
            throw RuntimeError(.notFound, "no such service: \(unknown)")
        }
    }

    /// `names` with every service they depend on, in the order they start.
    func withDependencies(_ names: [String]) throws -> [ComposeService] {
        try checkServices(names)
        let order = try DependencyOrder.sorted(project)
        guard !names.isEmpty else { return order }
        var wanted = Set<String>()
        func add(_ name: String) {
            guard wanted.insert(name).inserted, let service = project.services[name] else { return }
            DependencyOrder.dependencies(of: service).forEach(add)
        }
        names.forEach(add)
        return order.filter { wanted.contains($0.name) }
    }

    func say(_ kind: String, _ name: String, _ what: String) {
        progress(" \(kind) \(name)  \(what)")
    }
}

extension ContainerRecord {
    public var serviceName: String { config.labels[ComposeLabel.service] ?? "" }
    public var containerNumber: Int { Int(config.labels[ComposeLabel.containerNumber] ?? "") ?? 0 }
}
