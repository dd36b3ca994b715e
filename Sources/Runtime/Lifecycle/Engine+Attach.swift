import CRuntimeShims
import Glibc

/// `attach`'s choices, as Docker's flags name them.
public struct AttachOptions: Sendable {
    /// --no-stdin: the terminal's input is not passed on.
    public var noStdin = false
    /// --sig-proxy: signals this process gets go to the container (without a tty; with one they
    /// reach it as keys).
    public var sigProxy = true
    /// --detach-keys, Docker's notation (DetachKeys).
    public var detachKeys = DetachKeys.dockerDefault

    public init() {}
}

extension Engine {
    /// `attach`: connects this terminal to a detached container through its monitor's attach
    /// socket (see Sources/minirun-monitor/attach.h): its output from now on, and with -i the
    /// input, until it exits (its exit code is returned, as Docker's) or the detach keys are typed
    /// (an error, as Docker's CLI makes it). A container run attached, in another terminal, has no
    /// monitor: its output is followed in its log instead (attachThroughLog).
    public func attach(_ reference: String, _ options: AttachOptions) throws -> Int32 {
        let keys = try DetachKeys.bytes(options.detachKeys)
        mr_block_signals()  // before any thread starts, so that the relay receives them
        let record = try inspect(reference)
        guard record.state.status == .running else {
            throw RuntimeError(.conflict, "You cannot attach to a stopped container, start it first")
        }
        guard !record.state.paused else {
            throw RuntimeError(.conflict, "You cannot attach to a paused container, unpause it first")
        }
        let directory = containers.directory(record.id)
        let sock = mr_attach_connect(directory)
        guard sock >= 0 else {
            guard record.state.monitor == nil else {
                throw RuntimeError(.conflict, "cannot attach to container \(record.name): \(String(cString: strerror(-sock)))")
            }
            if let code = try attachThroughLog(record, options) { return code }
            throw RuntimeError(.conflict, "cannot attach to container \(record.name): it was run attached and keeps no log "
                               + "(--rm or --log-driver none)")
        }
        defer { close(sock) }
        let input: Int32 = options.noStdin || !record.config.interactive ? -1 : 0
        // The container's pty takes this terminal's size now and whenever it changes (SIGWINCH).
        let resize = record.config.tty && isatty(0) == 1 ? { _ = mr_attach_resize(directory, 0) } : nil
        resize?()
        let result = keys.withUnsafeBufferPointer { keyBytes in
            var state = mr_attach_state()
            state.sock = sock
            state.in_fd = input
            state.keys = keyBytes.baseAddress
            state.nkeys = keyBytes.count
            return withTerminal(raw: record.config.tty && input == 0 && isatty(0) == 1) {
                relay(&state, proxying: options.sigProxy && !record.config.tty ? record.id : nil, resize: resize)
            }
        }
        switch result {
        case MR_ATTACH_DETACHED: throw RuntimeError(.conflict, "read escape sequence")  // Docker's words and exit code 1
        case MR_ATTACH_ENDED: return try wait(record.id)
        case ..<0: throw RuntimeError.system("attach to \(record.name)")
        default: return 128 + result  // a signal that ends this process, not proxied
        }
    }

    /// `attach` to a container that a `run` without -d (or `start -a`) runs: its output from now on,
    /// read from the log that run keeps, until it exits (its exit code is returned), with signals
    /// passed on as the relay passes them. Its input stays with the minirun that runs it, and with
    /// no input there are no detach keys: a signal not passed on ends the attach. Nil when that run
    /// keeps no log (`--rm`, the log driver none).
    private func attachThroughLog(_ record: ContainerRecord, _ options: AttachOptions) throws -> Int32? {
        guard try AttachedLog.rotation(of: record) != nil else { return nil }
        if record.config.interactive && !options.noStdin {
            printDiagnostic("warning: \(record.name) was run attached: its input stays with the minirun that runs it")
        }
        let signals = mr_attach_signals()
        guard signals >= 0 else { throw RuntimeError.system("signalfd") }
        defer { close(signals) }
        let proxying = options.sigProxy && !record.config.tty
        var ending: Int32?
        var end = AttachedRunEnd(record, in: containers)
        let reader = LogReader(path: containers.directory(record.id) + "/container.log", options: LogOptions(tail: 0, follow: true))
        try reader.copy(stdout: { try StandardStreams.write($0, to: 1) }, stderr: { try StandardStreams.write($0, to: 2) }) {
            while ending == nil, case let signal = mr_interrupts_read(signals), signal > 0 {
                if signal == SIGWINCH { continue }  // no pty of its own to resize from here
                if proxying { try? kill(record.id, signal: signal) } else { ending = signal }
            }
            return ending != nil || end.hasEnded()
        }
        if let ending { return 128 + ending }
        return try inspect(record.id).state.exitCode  // the end is recorded: `end` waited for it
    }

    /// Runs the relay, passing the signals it reports to the container (`proxying`: its ID), until
    /// it ends for another reason; without proxying, a signal ends it. A changed window size is
    /// passed on with `resize`, or ignored.
    private func relay(_ state: inout mr_attach_state, proxying container: String?, resize: (() -> Void)?) -> Int32 {
        while true {
            let result = mr_attach_relay(&state)
            if result == SIGWINCH {
                resize?()
                continue
            }
            guard result > 0 && result != MR_ATTACH_DETACHED, let container else { return result }
            try? kill(container, signal: result)
        }
    }
}
