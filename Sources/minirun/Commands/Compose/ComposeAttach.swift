import ArgumentParser
import Compose
import Dispatch
import Glibc
import Runtime
import Synchronization

/// `up` without -d, as docker compose does it: once the services run, their output is followed as
/// `logs -f` shows it until every container has exited ("web-1 exited with code 0"). SIGINT or
/// SIGTERM stops the containers ("Gracefully stopping..."), within their stop_grace_period; a
/// second one kills them. The exit status is then 128 + the signal, else 0.
struct ComposeAttach {
    let runner: ProjectRunner
    /// The services whose containers are followed (all when empty).
    let services: [String]
    var colour = false

    func run() throws {
        let records = try runner.containers(of: services)
        let streams = ContainerLogStreams(
            engine: runner.engine, project: runner.project.name, options: LogOptions(follow: true), colour: colour)
        let interruption = Interruption(runner: runner, services: services)
        let sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)  // from here on the signal source receives it
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { interruption.received(number) }
            source.resume()
            return source
        }
        defer { sources.forEach { $0.cancel() } }
        let engine = runner.engine
        try streams.show(records) { record, name in
            let code = (try? engine.inspect(record.id))?.state.exitCode ?? 0
            ComposeCommand.sayOut("\(name) exited with code \(code)")
        }
        if let number = interruption.waitForStop() { throw ExitCode(128 + number) }
    }
}

/// What the signals asked for: the first stops the containers, the next kills them.
private final class Interruption: Sendable {
    private let runner: ProjectRunner
    private let services: [String]
    private let signalled = Mutex<Int32?>(nil)
    /// The stop the first signal began, on a thread of its own: the signal source's handler
    /// returns at once, to take the next signal.
    private let stopper = Mutex<JoinableThread?>(nil)

    init(runner: ProjectRunner, services: [String]) {
        self.runner = runner
        self.services = services
    }

    func received(_ number: Int32) {
        let first = signalled.withLock { current in
            defer { current = current ?? number }
            return current == nil
        }
        let runner = runner, services = services
        if first {
            ComposeCommand.say("Gracefully stopping... (press Ctrl+C again to force)")
            do {
                let thread = try JoinableThread {
                    do { try runner.stop(services, timeout: nil) } catch { printDiagnostic("\(error)") }
                }
                stopper.withLock { $0 = thread }
            } catch {
                printDiagnostic("\(error)")
            }
        } else {
            do { try runner.kill(services, signal: SIGKILL) } catch { printDiagnostic("\(error)") }
        }
    }

    /// The signal that stopped the project, once its stop is done; nil when none came.
    func waitForStop() -> Int32? {
        stopper.withLock { $0 }?.join()
        return signalled.withLock { $0 }
    }
}
