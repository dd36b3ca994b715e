import Synchronization

/// The progress of stages that run at once, shown one stage after the other so that each step's
/// lines stay together and whole: each stage writes to a lane of its own; the lane of the first
/// stage that started and has not ended reaches the display as it comes, the others are kept and
/// replayed, in the order their stages started, when their turn comes. A build of one stage at a
/// time looks exactly as before. A failing lane is shown at once (its kept steps, then its error)
/// and the lanes cancelled because of it are not shown further.
final class ProgressLanes: Sendable {
    fileprivate enum Event {
        case started(String), output([UInt8]), finished(cached: Bool, seconds: Double), failed, note(String)
    }

    private struct State {
        /// Lanes in the order of their first event, with what waits to be shown.
        var order: [Int] = []
        var kept: [Int: [Event]] = [:]
        var closed: Set<Int> = []
        var shown: Int?
        var failing = false
    }

    private let display: any BuildProgress
    private let state = Mutex(State())

    init(display: any BuildProgress) {
        self.display = display
    }

    func lane(_ id: Int) -> any BuildProgress {
        Lane(lanes: self, id: id)
    }

    /// The stage of `id` ended: the next lane that waits is shown.
    func close(_ id: Int) {
        state.withLock { state in
            state.closed.insert(id)
            if state.shown == id { showNext(&state) }
        }
    }

    fileprivate func record(_ id: Int, _ event: Event) {
        // The display is called under the lock: never two calls at once, as BuildProgress promises.
        state.withLock { state in
            if state.failing && state.shown != id { return }
            if !state.order.contains(id) { state.order.append(id) }
            if case .failed = event, state.shown != id {
                state.failing = true
                state.shown = id
                replay(&state, id)
            }
            if case .failed = event { state.failing = true }
            if state.shown == nil {
                state.shown = id
                replay(&state, id)
            }
            if state.shown == id {
                deliver(event)
            } else {
                state.kept[id, default: []].append(event)
            }
        }
    }

    private func showNext(_ state: inout State) {
        state.shown = nil
        while let next = state.order.first(where: { !state.closed.contains($0) || state.kept[$0] != nil }) {
            state.shown = next
            replay(&state, next)
            if !state.closed.contains(next) { return }
            state.order.removeAll { $0 == next }
            state.shown = nil
        }
    }

    private func replay(_ state: inout State, _ id: Int) {
        for event in state.kept.removeValue(forKey: id) ?? [] { deliver(event) }
    }

    private func deliver(_ event: Event) {
        switch event {
        case .started(let step): display.started(step)
        case .output(let bytes): display.output(bytes[...])
        case .finished(let cached, let seconds): display.finished(cached: cached, seconds: seconds)
        case .failed: display.failed()
        case .note(let line): display.note(line)
        }
    }

    /// A stage's progress: events to its lane. Its output always comes through a pipe (outputFD is
    /// nil), since the lane may have to keep it.
    private final class Lane: BuildProgress {
        let lanes: ProgressLanes
        let id: Int
        init(lanes: ProgressLanes, id: Int) {
            self.lanes = lanes
            self.id = id
        }

        var outputFD: Int32? { nil }
        func started(_ step: String) { lanes.record(id, .started(step)) }
        func output(_ bytes: ArraySlice<UInt8>) { lanes.record(id, .output(Array(bytes))) }
        func finished(cached: Bool, seconds: Double) { lanes.record(id, .finished(cached: cached, seconds: seconds)) }
        func failed() { lanes.record(id, .failed) }
        func note(_ line: String) { lanes.record(id, .note(line)) }
    }
}
