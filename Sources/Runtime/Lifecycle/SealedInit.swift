import CRuntimeShims
import Glibc

/// The runtime's init that a process entering a container executes first (sealed_init.c): a copy of
/// minirun-monitor in a memfd sealed against any change, made by a thread of its own (mr_init_seal)
/// while the caller prepares the rest, so that the clone only executes it. Copying the 0.9 MB static
/// monitor and executing it cost about 1.5 ms of CPU per start on this machine kind.
final class SealedInit {
    private let path: String
    private var task: OpaquePointer?

    init(_ path: String) {
        self.path = path
        task = mr_task_begin(mr_init_seal, path)
    }

    /// The copy's read-only fd, which the caller then owns.
    func finish() throws -> Int32 {
        let fd = task.map { mr_task_end($0) } ?? mr_init_seal(path)
        task = nil
        guard fd >= 0 else { throw RuntimeError.system("make a sealed copy of \(path)", -fd) }
        return fd
    }

    /// A copy nobody took goes with its fd.
    deinit {
        if let task, case let fd = mr_task_end(task), fd >= 0 { close(fd) }
    }
}
