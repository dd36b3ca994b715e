import Runtime
import Synchronization

extension ProjectRunner {
    /// The containers in the order `down` and `stop` take them, as levels: first those that nothing
    /// left depends on (and containers of services no longer in the files), last the services that
    /// depend on nothing. The containers of one level can go at once; a level goes only after the
    /// one before it, so no container is stopped while one that depends on it still runs.
    func shutdownLevels(_ records: [ContainerRecord]) throws -> [[ContainerRecord]] {
        var depth: [String: Int] = [:]
        for service in try DependencyOrder.sorted(project) {  // dependencies come first
            depth[service.name] = (DependencyOrder.dependencies(of: service).compactMap { depth[$0] }.max() ?? -1) + 1
        }
        let deepest = depth.values.max() ?? 0
        let levels = Dictionary(grouping: records) { depth[$0.serviceName] ?? deepest + 1 }
        return levels.keys.sorted(by: >).compactMap { levels[$0] }
    }

    /// Runs `work` on each record at once, each on a thread of its own (a stop mostly waits out
    /// its grace period), and returns when all are done; then the first error met is thrown.
    func eachAtOnce(_ records: [ContainerRecord], _ work: @escaping @Sendable (ContainerRecord) throws -> Void) throws {
        if records.count == 1 { return try work(records[0]) }
        let failures = Failures()
        try JoinableThread.each(records) { record in
            do { try work(record) } catch { failures.add(error) }
        }
        if let first = failures.first { throw first }
    }
}

/// Errors met on other threads, the first to be thrown.
public final class Failures: Sendable {
    private let errors = Mutex<[RuntimeError]>([])

    public init() {}

    public func add(_ error: any Error) {
        let wrapped = error as? RuntimeError ?? RuntimeError(.system, "\(error)")
        errors.withLock { $0.append(wrapped) }
    }

    public var first: RuntimeError? { errors.withLock { $0.first } }
}
