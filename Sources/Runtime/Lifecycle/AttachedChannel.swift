/// Where an attached container's output goes and what stops it, instead of this process's stdio
/// and signals: what lets several containers run attached at once in one process, each with its
/// own (a build's parallel RUN steps, whose output each goes to its own step).
public struct AttachedChannel: Sendable {
    /// The container's standard output and error (its standard input is /dev/null).
    public var output: Int32
    /// Readable when the container is to be killed (SIGKILL). The signals this process gets are not
    /// forwarded to the container: its owner decides, and writes here.
    public var cancel: Int32

    public init(output: Int32, cancel: Int32) {
        self.output = output
        self.cancel = cancel
    }
}
