import CRuntimeShims
import Glibc

/// A thread of the runtime running a Swift closure, started and joined through mr_thread_start
/// and mr_thread_join, so that no container's clone meets it half made (see mr_task.h).
final class JoinableThread {
    private var thread: OpaquePointer?

    init(_ body: @escaping () -> Void) throws {
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        thread = mr_thread_start({ context in
            let box = Unmanaged<Box>.fromOpaque(context!).takeRetainedValue()
            box.body()
            return nil
        }, box)
        guard thread != nil else {
            Unmanaged<Box>.fromOpaque(box).release()
            throw RuntimeError.system("start a thread")
        }
    }

    /// Waits for the closure to return; once only.
    func join() {
        guard let thread else { return }
        self.thread = nil
        _ = mr_thread_join(thread)
    }

    deinit {
        join()
    }

    private final class Box {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }
}
