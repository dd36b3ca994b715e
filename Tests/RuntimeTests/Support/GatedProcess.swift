import Glibc

/// A shell that waits for a line on stdin before it runs its script, so that a test can put it in a
/// cgroup before it does anything there. Spawned with posix_spawn rather than Foundation's Process,
/// which learns of an exit only when every descendant has closed a socket it inherits: a script
/// that leaves background processes behind would seem to run until they end. Killed when the value
/// goes away if it still runs.
final class GatedProcess {
    let pid: pid_t
    private let gate: Int32
    private let errors: Int32
    private var exit: (signal: Int32?, status: Int32)?

    init(_ script: String) throws {
        var input: [Int32] = [-1, -1]
        var output: [Int32] = [-1, -1]
        guard Libc.pipe2(&input, O_CLOEXEC) == 0, Libc.pipe2(&output, O_CLOEXEC) == 0 else {
            throw TestFailure("pipe2: \(errno)")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input[0], 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, output[1], 2)
        let arguments = ["/bin/sh", "-c", "read gate; " + script]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var child: pid_t = 0
        let rc = posix_spawn(&child, "/bin/sh", &actions, nil, &argv, environ)
        close(input[0])
        close(output[1])
        guard rc == 0 else {
            close(input[1])
            close(output[0])
            throw TestFailure("posix_spawn /bin/sh: \(rc)")
        }
        pid = child
        gate = input[1]
        errors = output[0]
    }

    /// Lets the script run.
    func release() throws {
        guard write(gate, "go\n", 3) == 3 else { throw TestFailure("write to the gate: \(errno)") }
    }

    /// Waits for the exit: the signal that ended the shell, or nil and its exit status.
    @discardableResult
    func wait() -> (signal: Int32?, status: Int32) {
        if let exit { return exit }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signal = status & 0x7f
        let result: (signal: Int32?, status: Int32) = signal != 0 ? (signal, 0) : (nil, (status >> 8) & 0xff)
        exit = result
        return result
    }

    /// What the script and its children wrote to stderr, once all of them have closed it.
    func errorOutput() -> String {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(errors, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            bytes += chunk[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    func kill() {
        if exit == nil {
            Glibc.kill(pid, SIGKILL)
            wait()
        }
    }

    deinit {
        kill()
        close(gate)
        close(errors)
    }
}
