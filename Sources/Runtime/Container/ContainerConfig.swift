/// What a container was created with; `start` runs it again the same way.
public struct ContainerConfig: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    /// The image as the user named it, and the ID it resolved to.
    public var image: String
    public var imageID: String
    public var created: Timestamp
    /// Path and arguments.
    public var command: [String]
    public var env: [String]
    public var workingDir: String
    /// "" for root, else "uid[:gid]" or a name from the image's /etc/passwd.
    public var user: String
    public var hostname: String
    public var tty: Bool
    public var interactive: Bool
    public var autoRemove: Bool
    public var network: NetworkMode

    public init(
        id: String, name: String, image: String, imageID: String, created: Timestamp, command: [String],
        env: [String], workingDir: String, user: String, hostname: String, tty: Bool, interactive: Bool,
        autoRemove: Bool, network: NetworkMode
    ) {
        self.id = id
        self.name = name
        self.image = image
        self.imageID = imageID
        self.created = created
        self.command = command
        self.env = env
        self.workingDir = workingDir
        self.user = user
        self.hostname = hostname
        self.tty = tty
        self.interactive = interactive
        self.autoRemove = autoRemove
        self.network = network
    }
}
