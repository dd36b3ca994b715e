/// `create`'s flags, as runc takes them.
public struct OCICreateOptions: Sendable {
    public var bundle: String
    public var pidFile: String?
    public var consoleSocket: String?
    /// Fds from 3 on that the container's process keeps (--preserve-fds).
    public var preserveFds: Int = 0
    /// `run` without --detach: the process dies with us (parent death signal) and we wait for it.
    public var foreground = false

    public init(bundle: String, pidFile: String? = nil, consoleSocket: String? = nil, preserveFds: Int = 0, foreground: Bool = false) {
        self.bundle = bundle
        self.pidFile = pidFile
        self.consoleSocket = consoleSocket
        self.preserveFds = preserveFds
        self.foreground = foreground
    }
}

/// `exec`'s flags.
public struct OCIExecOptions: Sendable {
    public var detach = false
    public var pidFile: String?
    public var consoleSocket: String?
    public var preserveFds: Int = 0

    public init(detach: Bool = false, pidFile: String? = nil, consoleSocket: String? = nil, preserveFds: Int = 0) {
        self.detach = detach
        self.pidFile = pidFile
        self.consoleSocket = consoleSocket
        self.preserveFds = preserveFds
    }
}

/// A started container process that `run` or `exec` waits for: its pid, and the pty master when it
/// has a terminal and no console socket took it.
public struct OCIStartedProcess: Sendable {
    public var pid: Int32
    public var master: Int32
}
