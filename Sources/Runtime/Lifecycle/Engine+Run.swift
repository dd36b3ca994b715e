import CRuntimeShims
import Glibc

/// How `run` left its container.
public enum RunOutcome: Equatable, Sendable {
    /// Started in the background (`run -d`); the container's ID.
    case detached(id: String)
    /// Ran attached until its command exited; the exit code (128+N for signal N).
    case exited(code: Int32)
}

extension Engine {
    /// `run`: creates a container and starts it, in the background (`detach`) or attached (stdio or a
    /// pty, signals forwarded). What the CLI, compose and build share; they parse and print around it.
    /// A container that never got to run its command is not left behind, whatever failed. The
    /// forwarded signals stay blocked in the calling thread (as `exec` and `start -a` leave them).
    /// An attached run with a `channel` writes to its output and is stopped through it, not by signals.
    public func run(_ options: CreateOptions, detach: Bool, channel: AttachedChannel? = nil) throws -> RunOutcome {
        // Before any thread starts (the network namespace's, the sealed init's): they all inherit it,
        // and the attached run takes the blocked signals to forward them to the container.
        mr_block_signals()
        // Made by a thread of its own while the container is created (see NetworkNamespaceMaker).
        let networkNamespace = options.network.hasOwnNamespace ? NetworkNamespaceMaker() : nil
        // As Docker's CLI: only a stdin attached to a tty must be one (`run -dit` works anywhere).
        if options.tty && options.interactive && !detach && isatty(0) == 0 {
            throw RuntimeError(.notATerminal, "the input device is not a TTY")
        }

        var options = options
        if detach { options.attachedStreams = .detached }  // as Docker records a detached container
        let record = try create(options)
        do {
            if detach {
                try startDetached(record.id, networkNamespace: networkNamespace)
                return .detached(id: record.id)
            }
            return .exited(code: try runAttached(record, networkNamespace: networkNamespace, channel: channel, shown: record.config.streams))
        } catch {
            if (try? inspect(record.id))?.state.status != .running {
                _ = try? remove(record.id, force: true, volumes: true)
            }
            throw error
        }
    }
}
