import Synchronization

/// What the threads of one build share: the image each finished stage built, the counts of steps
/// run and answered by the cache, the --build-args some ARG declared, and the first error.
final class BuildLedger: Sendable {
    private struct State {
        var built: [Int: ImageBuilder.StageState] = [:]
        var stepsRun = 0
        var stepsCached = 0
        var consumedArgs: Set<String> = []
        var failure: RuntimeErrorBox?
    }

    /// An error kept as it was thrown, whatever its type.
    private struct RuntimeErrorBox: @unchecked Sendable {
        let error: any Error
    }

    private let state = Mutex(State())

    func built(_ index: Int) -> ImageBuilder.StageState? { state.withLock { $0.built[index] } }
    func setBuilt(_ index: Int, _ stage: ImageBuilder.StageState) { state.withLock { $0.built[index] = stage } }

    func count(cached: Bool) {
        state.withLock { cached ? ($0.stepsCached += 1) : ($0.stepsRun += 1) }
    }

    var stepsRun: Int { state.withLock { $0.stepsRun } }
    var stepsCached: Int { state.withLock { $0.stepsCached } }

    func consumed(_ name: String) { _ = state.withLock { $0.consumedArgs.insert(name) } }
    var consumedArgs: Set<String> { state.withLock { $0.consumedArgs } }

    /// Keeps the first error a stage threw: the cause, not the cancellations it brought.
    func fail(_ error: any Error) {
        state.withLock { if $0.failure == nil { $0.failure = RuntimeErrorBox(error: error) } }
    }

    var failure: (any Error)? { state.withLock { $0.failure?.error } }
}
