import Runtime

extension ProjectRunner {
    /// `build` (and `up` for a missing image): each service with a build section, through the same
    /// Engine.build as `minirun build`, tagged `<project>-<service>` (or its `image:`).
    public func buildImages(_ services: [String], noCache: Bool = false) throws {
        try checkServices(services)
        for service in project.serviceList where service.build != nil && (services.isEmpty || services.contains(service.name)) {
            _ = try build(service, noCache: noCache)
        }
    }

    @discardableResult
    func build(_ service: ComposeService, noCache: Bool = false) throws -> String {
        guard let spec = service.build else { throw RuntimeError(.invalidArgument, "service \"\(service.name)\" has no build section") }
        let dockerfilePath = ProjectPaths.absolute(spec.dockerfile, in: spec.context)
        guard let dockerfile = try FileSystem.readString(dockerfilePath) else {
            throw RuntimeError(.notFound, "service \"\(service.name)\": no Dockerfile at \(dockerfilePath)")
        }
        var options = BuildOptions(dockerfile: dockerfile, dockerfileName: spec.dockerfile, context: spec.context)
        options.tags = try ([project.imageName(of: service)] + spec.tags).map { try ImageReference(parsing: $0) }
        options.buildArgs = spec.args
        options.target = spec.target
        options.noCache = noCache || spec.noCache
        options.labels = spec.labels
        switch spec.network {
        case "host"?: options.network = .host
        case "none"?: options.network = .none
        default: break
        }
        say("Service", service.name, "Building")
        let result = try engine.build(options, progress: buildProgress)
        say("Service", service.name, "Built")
        return result.id
    }
}

extension ProjectRunner {
    /// `pull`: each service's `image:` through the registry client, as Compose's: services only
    /// built are left out, those whose pull_policy is never or build are skipped, and so are those
    /// whose pull_policy is missing when the image is here.
    public func pullImages(_ services: [String]) throws {
        try checkServices(services)
        for service in project.serviceList where service.image != nil && (services.isEmpty || services.contains(service.name)) {
            let name = project.imageName(of: service)
            switch service.pullPolicy {
            case .never?, .build?:
                say("Image", name, "Skipped")
                continue
            case .missing? where presentImage(of: service) != nil:
                say("Image", name, "Skipped - Image is already present locally")
                continue
            default:
                break
            }
            say("Image", name, "Pulling")
            try pull(name, platform: service.platform)
            say("Image", name, "Pulled")
        }
    }
}
