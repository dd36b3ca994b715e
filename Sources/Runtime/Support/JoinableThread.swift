import CRuntimeShims
import Glibc

/// A thread of the runtime running a Swift closure, started and joined through mr_thread_start
/// and mr_thread_join, so that no container's clone meets it half made (see mr_task.h). For work
/// that mostly blocks - a build stage, following a container's log for its whole life, waiting out
/// a stop's grace period - which Dispatch's pools, sized by the cores, would run only a few at a
/// time: on a two-core machine a third log follower would wait for one of the others to end.
public final class JoinableThread: @unchecked Sendable {
    private var thread: OpaquePointer?

    public init(_ body: @escaping () -> Void) throws {
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

    /// Waits for the closure to return; once only (the caller that started it joins it).
    public func join() {
        guard let thread else { return }
        self.thread = nil
        _ = mr_thread_join(thread)
    }

    deinit {
        join()
    }

    /// Runs `body` for every item at once, each on a thread of its own, and returns when all have.
    public static func each<Item: Sendable>(_ items: [Item], _ body: @escaping @Sendable (Item) -> Void) throws {
        var threads: [JoinableThread] = []
        defer { threads.forEach { $0.join() } }
        for item in items { threads.append(try JoinableThread { body(item) }) }
    }

    private final class Box {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }
}
