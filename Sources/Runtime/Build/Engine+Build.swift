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
        // Blocked in every thread the build starts: BuildInterruption's thread takes them and cancels the steps.
        mr_block_signals()
        // Before the stages' threads start: minirun-pull (FROM, COPY --from) finds the state root there.
        exportRootForHelpers()
        let interruption = try BuildInterruption()
        defer { interruption.finish() }
        let builder = ImageBuilder(engine: self, options: options, stages: stages, staging: staging.path, progress: progress, interruption: interruption)
        var result = try builder.build(target: target)
        if !options.labels.isEmpty {
            result = try builder.addLabels(options.labels, to: result)
        }
        builder.progress("writing image sha256:\(result.id)")
        try images.nameBuilt(result.id, names: options.tags)
        for tag in options.tags { builder.progress("naming to \(tag.fullyQualified)") }
        return BuildResult(id: result.id, stepsRun: builder.ledger.stepsRun, stepsCached: builder.ledger.stepsCached)
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
