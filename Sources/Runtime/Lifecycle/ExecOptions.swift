/// What `exec` is asked for.
public struct ExecOptions: Sendable {
    public var command: [String]
    public var env: [String] = []
    public var workingDir: String?
    public var user: String?
    public var interactive = false
    public var tty = false

    public init(command: [String]) {
        self.command = command
    }
}
