import CRuntimeShims
import Glibc

extension Engine {
    /// `build`: the image a Dockerfile describes, made without a daemon. Each stage the target
    /// needs is built in order; each step is an image of the build cache (see ImageStore+BuildCache)
    /// found again when its key is unchanged. RUN steps run in containers of this engine, removed
    /// whatever happens; a failed build names nothing. Steps, their output and notes go to `progress`.
    public func build(_ options: BuildOptions, progress: any BuildProgress) throws -> BuildResult {
        let dockerfile = try Dockerfile(parsing: options.dockerfile, file: options.dockerfileName)
        let stages = try BuildStages(dockerfile, file: options.dockerfileName)
        var target = stages.stages.count - 1
        if let name = options.target {
            guard let stage = stages.stages.first(where: { $0.name == name.lowercased() }) else {
                throw RuntimeError(.notFound, "failed to reach build target \(Identifiers.printable(name)) in Dockerfile")
            }
            target = stage.index
        }
        ImageBuilder.removeAbandonedContainers(self)
        let staging = try images.makeStaging()
        defer { staging.finish() }
        var builder = ImageBuilder(engine: self, options: options, stages: stages, staging: staging.path, progress: progress)
        // Signals wait while a step is under way (RUN forwards them to its container); checked after each.
        mr_block_signals()
        mr_supervise_cancel_on_interrupt(1)
        defer { mr_supervise_cancel_on_interrupt(0) }
        var result = try builder.build(target: target)
        if !options.labels.isEmpty {
            result = try builder.addLabels(options.labels, to: result)
        }
        builder.progress("writing image sha256:\(result.id)")
        try images.nameBuilt(result.id, names: options.tags)
        for tag in options.tags { builder.progress("naming to \(tag.fullyQualified)") }
        return BuildResult(id: result.id, stepsRun: builder.stepsRun, stepsCached: builder.stepsCached)
    }
}

extension ImageReference {
    /// As Docker's build output names it: docker.io/library/nginx-custom:latest.
    var fullyQualified: String {
        let first = repository.split(separator: "/").first.map(String.init) ?? ""
        let hasRegistry = repository.contains("/") && (first.contains(".") || first.contains(":") || first == "localhost")
        if hasRegistry { return description }
        return "docker.io/" + (repository.contains("/") ? "" : "library/") + description
    }
}
