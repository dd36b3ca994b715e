/// What `exec` is asked for.
public struct ExecOptions: Sendable {
    public var command: [String]
    public var env: [String] = []
    public var workingDir: String?
    public var user: String?
    public var interactive = false
    public var tty = false
    /// `exec -d`: started and left running, its output discarded; it outlives this process.
    public var detach = false
    /// `exec --privileged`: every capability the container could be given, as Docker's.
    public var privileged = false

    public init(command: [String]) {
        self.command = command
    }
}
