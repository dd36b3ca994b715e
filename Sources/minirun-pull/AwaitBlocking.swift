import Dispatch

/// Runs async work (a pull) from a synchronous command and waits for it: the commands are
/// ParsableCommand, and `run`'s quick path stays free of an async main.
func awaitBlocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let outcome = AsyncOutcome<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        do {
            outcome.result = .success(try await body())
        } catch {
            outcome.result = .failure(error)
        }
        done.signal()
    }
    done.wait()
    return try outcome.result!.get()
}

/// Written by the task before it signals, read after the wait: never at the same time.
private final class AsyncOutcome<T>: @unchecked Sendable {
    var result: Result<T, any Error>?
}
