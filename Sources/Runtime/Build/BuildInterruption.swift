import CRuntimeShims
import Glibc
import Synchronization

/// What stops a build's steps at once: ctrl-C, SIGTERM or SIGHUP (blocked in every thread since the
/// build began, and taken by a thread of this), or a stage that failed while others ran. Either
/// makes `cancel` readable, which kills every RUN container of the build (mr_supervise_cancellable
/// watches it), and the steps then end with the reason `check` throws. Signals are not forwarded to
/// a RUN step: a step is cancelled, not asked to stop.
final class BuildInterruption: @unchecked Sendable {
    /// Readable once the build is cancelled; never read, so it stays so.
    let cancel: Int32
    private let trigger: Int32
    private let signals: Int32
    private let stopWrite: Int32
    private let stopRead: Int32
    private let signal = Atomic<Int32>(0)
    private let cancelled = Atomic<Bool>(false)
    private var watcher: JoinableThread?

    init() throws {
        var cancelEnds: [Int32] = [-1, -1]
        var stopEnds: [Int32] = [-1, -1]
        let signals = mr_interrupts_open()
        guard signals >= 0 else { throw RuntimeError.system("watch the build's signals") }
        guard mr_pipe_cloexec(&cancelEnds) == 0, mr_pipe_cloexec(&stopEnds) == 0 else {
            for fd in [signals] + cancelEnds + stopEnds where fd >= 0 { close(fd) }
            throw RuntimeError(.system, "watch the build's signals: no pipe")
        }
        (cancel, trigger, self.signals, stopRead, stopWrite) = (cancelEnds[0], cancelEnds[1], signals, stopEnds[0], stopEnds[1])
        watcher = try JoinableThread { [unowned self] in watch() }
    }

    /// Stops the watching thread and closes what it watched; the build is over.
    func finish() {
        _ = write(stopWrite, "x", 1)
        watcher?.join()
        watcher = nil
        for fd in [cancel, trigger, signals, stopRead, stopWrite] { close(fd) }
    }

    /// Kills the running steps (of the other stages, when one failed).
    func cancelAll() {
        guard !cancelled.exchange(true, ordering: .sequentiallyConsistent) else { return }
        _ = write(trigger, "x", 1)
    }

    /// Throws when the build was interrupted or cancelled: what ends a step that was killed.
    func check() throws {
        let signal = signal.load(ordering: .sequentiallyConsistent)
        if signal != 0 { throw RuntimeError(.system, "the build was interrupted (signal \(signal))") }
        if cancelled.load(ordering: .sequentiallyConsistent) { throw RuntimeError(.system, "cancelled: another stage of the build failed") }
    }

    private func watch() {
        var fds = [pollfd(fd: signals, events: Int16(POLLIN), revents: 0), pollfd(fd: stopRead, events: Int16(POLLIN), revents: 0)]
        while poll(&fds, 2, -1) >= 0 || errno == EINTR {
            if fds[1].revents != 0 { return }
            guard fds[0].revents & Int16(POLLIN) != 0 else { continue }
            let received = mr_interrupts_read(signals)
            guard received != 0 else { continue }
            signal.store(received, ordering: .sequentiallyConsistent)
            cancelAll()
        }
    }
}
