/// -a/--attach: which of an attached run's streams reach minirun's own (Docker's Config.AttachStdin,
/// AttachStdout and AttachStderr). A stream not attached is still in the container's log.
public struct AttachedStreams: Codable, Sendable, Equatable {
    public var stdin: Bool
    public var stdout: Bool
    public var stderr: Bool

    public init(stdin: Bool, stdout: Bool, stderr: Bool) {
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
    }

    /// A detached container's: it is attached to nothing.
    public static let detached = AttachedStreams(stdin: false, stdout: false, stderr: false)

    /// Docker's without -a: stdout and stderr, and stdin with -i.
    public static func dockerDefault(interactive: Bool) -> AttachedStreams {
        AttachedStreams(stdin: interactive, stdout: true, stderr: true)
    }

    /// The streams -a names, in any case (stdin also with -i, as Docker's CLI has it); nil when
    /// -a is not given.
    public init?(parsing names: [String], interactive: Bool) throws {
        guard !names.isEmpty else { return nil }
        let streams = try names.map { name in
            let stream = name.lowercased()
            guard ["stdin", "stdout", "stderr"].contains(stream) else {
                throw RuntimeError(.invalidArgument, "invalid argument \"\(Identifiers.printable(name))\" for \"-a, --attach\" flag: valid streams are STDIN, STDOUT and STDERR")
            }
            return stream
        }
        self.init(stdin: interactive || streams.contains("stdin"), stdout: streams.contains("stdout"), stderr: streams.contains("stderr"))
    }
}
