import CRuntimeShims

/// What `build` is asked: the Dockerfile's text, the context directory, and the flags.
public struct BuildOptions: Sendable {
    /// The Dockerfile's text, and its name in errors ("Dockerfile", or "-" for standard input).
    public var dockerfile: String
    public var dockerfileName: String
    /// The context directory; nil when the Dockerfile came on standard input without one (`-`).
    public var context: String?
    public var tags: [ImageReference] = []
    /// --build-arg K=V; a K without a value takes the value of K in minirun's own environment.
    public var buildArgs: [String: String] = [:]
    public var target: String?
    public var noCache = false
    /// --pull: every FROM image is pulled, whether the store has it or not (a missing one is pulled anyway).
    public var pull = false
    public var network: NetworkMode = .network(NetworkMode.defaultNetwork)
    public var labels: [String: String] = [:]
    /// --add-host, --memory, --ulimit and the like: every RUN step's container gets them.
    public var stepContainer = StepContainerSettings()
    /// How many independent stages are built at once: as many as the machine has processors, and
    /// at least two (BuildKit sets no limit).
    public var parallelStages = max(2, Int(mr_available_cpus()))

    public init(dockerfile: String, dockerfileName: String, context: String?) {
        self.dockerfile = dockerfile
        self.dockerfileName = dockerfileName
        self.context = context
    }
}

/// What a build made.
public struct BuildResult: Sendable, Equatable {
    /// The image ID, 64 hex digits.
    public var id: String
    /// How many steps ran and how many the cache answered (RUN, COPY, ADD and config steps).
    public var stepsRun: Int
    public var stepsCached: Int
}
