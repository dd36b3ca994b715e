/// What `build`'s container flags (--add-host, --memory, --ulimit, ...) give every RUN step's
/// container, as `run`'s flags of the same names give a container.
public struct StepContainerSettings: Sendable {
    public var extraHosts: [HostEntry] = []
    public var resources = ResourceLimits()
    public var cgroupParent: String?
    public var security = SecurityOptions()
    public var shmSize: UInt64?
    public var ulimits: [Ulimit] = []

    public init() {}

    func apply(to options: inout CreateOptions) {
        options.extraHosts = extraHosts
        options.resources = resources
        options.cgroupParent = cgroupParent
        options.security = security
        options.shmSize = shmSize
        options.ulimits = ulimits
    }
}
