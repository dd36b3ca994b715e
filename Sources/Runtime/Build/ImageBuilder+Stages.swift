import CRuntimeShims
import Glibc

/// The stages a target needs, built in parallel where they do not depend on each other: a stage
/// starts on a thread of its own once the stages its FROM and COPY --from name are built, at most
/// `parallelStages` at once. Each stage's progress goes to its lane (ProgressLanes); the first
/// stage that fails cancels the others (their RUN containers are killed) and its error is the build's.
extension ImageBuilder {
    func buildStages(_ needed: [Int], globals: [(name: String, value: String)]) throws {
        let lanes = ProgressLanes(display: progress)
        // Each stage's thread writes its index here when it ends; the scheduler waits on it.
        var ends: [Int32] = [-1, -1]
        guard mr_pipe_cloexec(&ends) == 0 else { throw RuntimeError.system("pipe for the build's stages") }
        defer { close(ends[0]); close(ends[1]) }
        var waiting = needed
        var running: [Int: JoinableThread] = [:]
        var finished: Set<Int> = []
        while true {
            if ledger.failure == nil {
                for index in waiting where running.count < options.parallelStages && stages.dependencies(of: index).isSubset(of: finished) {
                    waiting.removeAll { $0 == index }
                    do {
                        running[index] = try startStage(index, lane: lanes.lane(index), globals: globals, announce: ends[1])
                    } catch {
                        ledger.fail(error)
                        interruption.cancelAll()
                    }
                }
            }
            guard !running.isEmpty else { break }
            var ended: Int32 = -1
            while read(ends[0], &ended, MemoryLayout<Int32>.size) < 0 && errno == EINTR {}
            running.removeValue(forKey: Int(ended))?.join()
            lanes.close(Int(ended))
            if ledger.built(Int(ended)) != nil { finished.insert(Int(ended)) }
        }
        if let failure = ledger.failure { throw failure }
    }

    private func startStage(_ index: Int, lane: any BuildProgress, globals: [(name: String, value: String)], announce: Int32) throws -> JoinableThread {
        var builder = self
        builder.progress = lane
        return try JoinableThread {
            do {
                builder.ledger.setBuilt(index, try builder.buildStage(builder.stages.stages[index], globals: globals))
            } catch {
                builder.ledger.fail(error)
                builder.interruption.cancelAll()
            }
            var ended = Int32(index)
            _ = write(announce, &ended, MemoryLayout<Int32>.size)
        }
    }
}
