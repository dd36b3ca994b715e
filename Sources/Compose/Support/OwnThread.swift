import Glibc
import Runtime

/// A thread of its own for work that mostly blocks - following a container's log for its whole
/// life, waiting out a stop's grace period - which Dispatch's pools, sized by the cores, run only a
/// few at a time: on a two-core machine a third log follower, or the stop a signal asks for, would
/// wait for one of the others to end.
public final class OwnThread: @unchecked Sendable {
    private var thread = pthread_t()
    private var joined = false

    public init(_ body: @escaping @Sendable () -> Void) throws {
        let context = Unmanaged.passRetained(Work(body)).toOpaque()
        let status = pthread_create(&thread, nil, { context in
            Unmanaged<Work>.fromOpaque(context!).takeRetainedValue().body()
            return nil
        }, context)
        guard status == 0 else {
            Unmanaged<Work>.fromOpaque(context).release()
            throw RuntimeError.system("start a thread", status)
        }
    }

    /// Waits for the body to return; once only (the caller that started it joins it).
    public func join() {
        if !joined { pthread_join(thread, nil) }
        joined = true
    }

    /// Runs `body` for every item at once, each on a thread of its own, and returns when all have.
    public static func each<Item: Sendable>(_ items: [Item], _ body: @escaping @Sendable (Item) -> Void) throws {
        var threads: [OwnThread] = []
        defer { threads.forEach { $0.join() } }
        for item in items { threads.append(try OwnThread { body(item) }) }
    }

    private final class Work {
        let body: @Sendable () -> Void

        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
}
